package dev.pier.cli;

import dev.pier.build.executor.BuildOptions;
import dev.pier.build.executor.BuildResult;
import dev.pier.build.executor.DockerfileBuilder;
import dev.pier.build.executor.RunStep;
import dev.pier.build.run.Isolation;
import dev.pier.build.run.RuntimeRunStep;
import dev.pier.image.PierException;
import dev.pier.image.spec.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier build}: a Dockerfile into an image, like {@code docker build} and {@code buildah bud}. */
@Command(name = "build", description = "Build an image from a Dockerfile, like docker build.")
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE", description = "The Dockerfile (default: CONTEXT/Dockerfile).")
    Path file;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "Name the image (a local name or any location); repeatable.")
    List<String> tags = List.of();

    @Option(names = "--build-arg", paramLabel = "K=V", description = "Set a build ARG; K alone takes the value from the environment.")
    List<String> buildArgs = List.of();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage (default: the last).")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The target platform (default: the host's).")
    String platform;

    @Option(names = "--no-cache", description = "Do not use the layer cache.")
    boolean noCache;

    @Option(names = "--squash", description = "Merge the layers this build adds into one.")
    boolean squash;

    @Option(names = "--squash-all", description = "Merge every layer, the base image's included, into one.")
    boolean squashAll;

    @Option(names = "--layers", arity = "1", paramLabel = "true|false", defaultValue = "true",
            description = "Keep one layer per instruction and use the cache (default true); false squashes the new layers, as buildah does.")
    boolean layers = true;

    @Option(names = "--timestamp", paramLabel = "SECONDS", description = "Set every file time and the creation time (seconds since the epoch), for reproducible images.")
    Long timestamp;

    @Option(names = {"-o", "--output"}, paramLabel = "LOCATION", description = "Also write the image to this location (oci:DIR, docker-archive:FILE, ...); repeatable.")
    List<String> outputs = List.of();

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE", description = "A secret for RUN --mount=type=secret; repeatable.")
    List<String> secrets = List.of();

    @Option(names = "--isolation", paramLabel = "oci|chroot|auto", defaultValue = "auto",
            description = "How RUN is isolated: oci (a container: namespaces, mounts), chroot (chrooted into the stage's root,"
                    + " no namespaces nor mounts: for inside an unprivileged container) or auto (default: oci where namespaces"
                    + " can be made, chroot otherwise).")
    String isolation = "auto";

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Optional<String> noUserNamespace = UserNamespaceReexec.unavailable();
        if (noUserNamespace.isEmpty()) {   // rootless: the whole build in a user namespace, so RUN can run
            return UserNamespaceReexec.run(pier.args(), pier.storeRoot());
        }
        if (squash && squashAll) {
            throw new PierException("--squash and --squash-all exclude each other");
        }
        BuildOptions.Squash mode = squashAll ? BuildOptions.Squash.ALL
                : squash || !layers ? BuildOptions.Squash.NEW : BuildOptions.Squash.NONE;
        Instant ts = timestamp != null ? Instant.ofEpochSecond(timestamp) : sourceDateEpoch();
        var out = pier.out();
        BuildOptions options = BuildOptions.of(context).withDockerfile(file).withBuildArgs(pairs(buildArgs))
                .withTarget(target).withPlatform(platform == null ? null : Platform.parse(platform))
                .withNoCache(noCache).withSquash(mode).withTimestamp(ts).withTags(tags).withOutputs(outputs)
                .withSecrets(secrets()).withRunStep(runStep(noUserNamespace.get())).withProgress(quiet ? line -> { } : out::println);
        BuildResult r = DockerfileBuilder.build(pier.store(), options);
        out.println(quiet ? r.imageId().toString() : "writing image " + r.imageId() + " (manifest " + r.manifest().digest() + ")");
        return ExitCode.OK;
    }

    /** RUN with the Pier runtime as root (in a user namespace when rootless); otherwise refused, saying why. */
    private RunStep runStep(String whyNoUserNamespace) {
        if ("root".equals(System.getProperty("user.name"))) {
            var err = pier.err();
            return RuntimeRunStep.forStore(pier.store().root(), Isolation.parse(isolation), line -> err.println("pier: " + line));
        }
        return request -> {
            throw new PierException("RUN needs root or a user namespace, and none can be made here (" + whyNoUserNamespace + ")");
        };
    }

    private static Instant sourceDateEpoch() {
        String v = System.getenv("SOURCE_DATE_EPOCH");
        return v != null && v.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(v)) : null;
    }

    private static Map<String, String> pairs(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            m.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? null : a.substring(eq + 1));
        }
        return m;
    }

    private Map<String, Path> secrets() {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String s : secrets) {
            String id = null;
            String src = null;
            for (String part : s.split(",")) {
                if (part.startsWith("id=")) {
                    id = part.substring(3);
                } else if (part.startsWith("src=") || part.startsWith("source=")) {
                    src = part.substring(part.indexOf('=') + 1);
                }
            }
            if (id == null || src == null) {
                throw new PierException("invalid --secret \"" + s + "\": expected id=ID,src=FILE");
            }
            m.put(id, Path.of(src));
        }
        return m;
    }
}
