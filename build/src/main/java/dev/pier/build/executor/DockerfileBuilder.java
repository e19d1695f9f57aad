package dev.pier.build.executor;

import dev.pier.build.context.BuildContext;
import dev.pier.build.context.DockerIgnore;
import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.DockerfileException;
import dev.pier.build.dockerfile.DockerfileParser;
import dev.pier.build.dockerfile.Instruction;
import dev.pier.build.dockerfile.ShellLex;
import dev.pier.image.PierException;
import dev.pier.image.spec.Platform;
import dev.pier.image.store.LocalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pier build}: builds a Dockerfile into an image in the local store and the requested
 * outputs. Stages form a graph: only the target stage and the stages it needs (through FROM or
 * COPY --from) are built. Each COPY, ADD and RUN gives one reproducible layer, taken from the
 * layer cache under {@code <store>/build-cache/} when its parent, instruction and copied content
 * are the same; RUN goes to the pluggable {@link RunStep}.
 */
public final class DockerfileBuilder {
    private DockerfileBuilder() {}

    /** Builds as {@code options} say, into {@code store}. */
    public static BuildResult build(LocalStore store, BuildOptions options) throws IOException {
        Path dockerfilePath = options.dockerfilePath();
        Dockerfile df;
        try {
            df = DockerfileParser.parse(dockerfilePath);
        } catch (NoSuchFileException e) {
            throw new PierException("cannot read the Dockerfile " + dockerfilePath + ": no such file");
        }
        if (df.stages().isEmpty()) {
            throw new DockerfileException(df.file(), 1, null, "no FROM instruction: a Dockerfile must start a stage with FROM");
        }
        Platform target = (options.platform() != null ? options.platform() : Platform.host()).normalized();
        Map<String, String> buildArgs = buildArgs(options.buildArgs());
        Map<String, String> globals = globals(df, target, buildArgs);
        Dockerfile.Stage targetStage = options.target() == null ? df.stages().getLast()
                : df.stage(options.target()).orElseThrow(() -> new PierException("target stage \"" + options.target() + "\" could not be found"));
        Instant now = options.timestamp() != null ? options.timestamp() : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path cacheRoot = Files.createDirectories(store.root().resolve("build-cache"));
        Path work = Files.createTempDirectory(cacheRoot, "work-");
        BuildSession session = null;
        BuildResult built;
        try {
            BuildContext context = BuildContext.open(options.context(), DockerIgnore.forBuild(options.context(), options.dockerfile()));
            session = new BuildSession(options, store, buildArgs, globals, target, new Progress(options.progress()),
                    new SourceTree.Context(context), work, now.toString(), df.escape());
            Graph graph = new Graph(df, session);
            StageState result = graph.build(targetStage);
            built = ImageAssembler.assemble(session, result);
        } finally {
            // after the RUN scratch trees still being removed, on the same threads
            BackgroundRemovals removals = session != null ? session.removals : new BackgroundRemovals();
            removals.remove(work);
            removals.close();
        }
        // after the scratch directory is gone, so the memo keeps only files that outlive the build
        session.hashes.save();
        return built;
    }

    /** Builds stages on demand, each once; detects cycles. */
    private static final class Graph {
        private final Dockerfile df;
        private final BuildSession session;
        private final Map<Integer, StageState> built = new HashMap<>();
        private final Set<Integer> building = new HashSet<>();

        Graph(Dockerfile df, BuildSession session) {
            this.df = df;
            this.session = session;
        }

        StageState build(Dockerfile.Stage stage) throws IOException {
            StageState done = built.get(stage.index());
            if (done != null) {
                return done;
            }
            if (!building.add(stage.index())) {
                throw DockerfileException.at(stage.from(), "stage " + stage.displayName() + " depends on itself");
            }
            Path rootfs = Files.createDirectory(session.scratch.resolve("stage-" + stage.index()));
            StageState st = new StageState(stage, rootfs, session.layers, df.escape());
            new StageBuilder(session, st, name -> reference(stage, name)).build();
            built.put(stage.index(), st);
            return st;
        }

        /** The stage {@code name} refers to from {@code current}: a named stage, or an index; not itself. */
        private Optional<StageState> reference(Dockerfile.Stage current, String name) {
            Optional<Dockerfile.Stage> other = df.stage(name).filter(o -> o.index() != current.index());
            if (other.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(build(other.get()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** {@code --build-arg NAME} without a value takes the value from the environment. */
    private static Map<String, String> buildArgs(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            String value = v != null ? v : System.getenv(k);
            if (value != null) {
                out.put(k, value);
            }
        });
        return out;
    }

    /** The global ARG scope: the predefined platform ARGs, then the ARGs before the first FROM. */
    private static Map<String, String> globals(Dockerfile df, Platform target, Map<String, String> buildArgs) {
        Map<String, String> g = new LinkedHashMap<>();
        Platform build = Platform.host();
        putPlatform(g, "TARGET", target);
        putPlatform(g, "BUILD", build);
        for (Instruction.Arg a : df.globalArgs()) {
            for (var d : a.args()) {
                String v = buildArgs.containsKey(d.name()) ? buildArgs.get(d.name())
                        : d.defaultValue() == null ? g.get(d.name())
                        : expand(df, a, d.defaultValue(), g);
                g.put(d.name(), v);
            }
        }
        return g;
    }

    private static String expand(Dockerfile df, Instruction a, String word, Map<String, String> scope) {
        try {
            return new ShellLex(df.escape(), scope::get).expand(word);
        } catch (IllegalArgumentException e) {
            throw DockerfileException.at(a, e.getMessage());
        }
    }

    private static void putPlatform(Map<String, String> g, String prefix, Platform p) {
        String variant = p.variant() == null ? "" : p.variant();
        g.put(prefix + "PLATFORM", p.os() + "/" + p.architecture() + (variant.isEmpty() ? "" : "/" + variant));
        g.put(prefix + "OS", p.os());
        g.put(prefix + "ARCH", p.architecture());
        g.put(prefix + "VARIANT", variant);
    }
}
