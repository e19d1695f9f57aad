package dev.pier.build.executor;

import dev.pier.image.spec.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link DockerfileBuilder} builds and where the result goes.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile ({@code <context>/Dockerfile} when null)
 * @param buildArgs {@code --build-arg} values (a null value: take it from the environment)
 * @param target the stage to build ({@code --target}); null for the last
 * @param platform the target platform; null for the host's
 * @param noCache ignore the layer cache ({@code --no-cache})
 * @param squash which layers end up merged ({@code --squash}, {@code --squash-all}, {@code --layers=false})
 * @param timestamp every file time and creation time ({@code --timestamp}, {@code SOURCE_DATE_EPOCH}); null for now and the files' own times
 * @param tags names to give the image, as image locations ({@code -t})
 * @param outputs further locations to write the image to ({@code --output})
 * @param secrets {@code --secret} files by id, for RUN mounts
 * @param runStep what runs RUN instructions
 * @param progress where progress lines go
 */
public record BuildOptions(Path context, Path dockerfile, Map<String, String> buildArgs, String target, Platform platform,
                           boolean noCache, Squash squash, Instant timestamp, List<String> tags, List<String> outputs,
                           Map<String, Path> secrets, RunStep runStep, java.util.function.Consumer<String> progress) {

    /** Which layers a build merges. */
    public enum Squash {
        /** One layer per COPY, ADD and RUN. */
        NONE,
        /** The layers this build adds merged into one ({@code --squash}, {@code --layers=false}). */
        NEW,
        /** Every layer, the base image's included, merged into one ({@code --squash-all}). */
        ALL
    }

    public BuildOptions {
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        tags = tags == null ? List.of() : List.copyOf(tags);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        squash = squash == null ? Squash.NONE : squash;
        runStep = runStep == null ? RunStep.unavailable() : runStep;
        progress = progress == null ? s -> { } : progress;
    }

    /** Defaults for building {@code context}: its Dockerfile, no args, cache on, no tags. */
    public static BuildOptions of(Path context) {
        return new BuildOptions(context, null, Map.of(), null, null, false, Squash.NONE, null, List.of(), List.of(),
                Map.of(), null, null);
    }

    public BuildOptions withDockerfile(Path v) {
        return new BuildOptions(context, v, buildArgs, target, platform, noCache, squash, timestamp, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withBuildArgs(Map<String, String> v) {
        return new BuildOptions(context, dockerfile, v, target, platform, noCache, squash, timestamp, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withTarget(String v) {
        return new BuildOptions(context, dockerfile, buildArgs, v, platform, noCache, squash, timestamp, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withNoCache(boolean v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, v, squash, timestamp, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withSquash(Squash v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, v, timestamp, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withTimestamp(Instant v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, squash, v, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withTags(List<String> v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, squash, timestamp, v, outputs, secrets, runStep, progress);
    }

    public BuildOptions withOutputs(List<String> v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, squash, timestamp, tags, v, secrets, runStep, progress);
    }

    public BuildOptions withPlatform(Platform v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, v, noCache, squash, timestamp, tags, outputs, secrets, runStep, progress);
    }

    public BuildOptions withSecrets(Map<String, Path> v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, squash, timestamp, tags, outputs, v, runStep, progress);
    }

    public BuildOptions withRunStep(RunStep v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, squash, timestamp, tags, outputs, secrets, v, progress);
    }

    public BuildOptions withProgress(java.util.function.Consumer<String> v) {
        return new BuildOptions(context, dockerfile, buildArgs, target, platform, noCache, squash, timestamp, tags, outputs, secrets, runStep, v);
    }

    /** The Dockerfile to read. */
    public Path dockerfilePath() {
        return dockerfile != null ? dockerfile : context.resolve("Dockerfile");
    }
}
