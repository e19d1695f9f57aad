package dev.pier.build.executor;

import dev.pier.build.dockerfile.Instruction;
import dev.pier.image.PierException;
import dev.pier.image.layer.LayerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a RUN instruction. The executor hands over the stage's root filesystem and process
 * settings; the implementation runs the command in a container on that root and returns the
 * changes it made as an uncompressed layer tar (whiteouts for deletions), which the executor
 * compresses, stores and applies. The runtime module plugs its implementation in here.
 */
@FunctionalInterface
public interface RunStep {
    /**
     * What to run.
     *
     * @param instruction the RUN as parsed (mounts and network in its flags)
     * @param argv the command, the shell form already wrapped in the stage's SHELL
     * @param env the environment, {@code NAME=value} (ENV and ARG values)
     * @param workingDir the working directory inside the root
     * @param user the USER, or empty for root
     * @param rootfs the stage's root filesystem (read and written by the command)
     * @param secrets {@code --secret} files by id
     * @param workDir a scratch directory the step may use; the layer tar may be written there. The
     *     caller removes it (in the background, after storing the layer): the step leaves there
     *     what it does not need to remove at once
     * @param layerOptions how the layer tar is written (the build's timestamp policy)
     * @param sources the root filesystems of other stages and images, for {@code --mount=type=bind,from=}
     * @param output receives the command's output, line by line
     * @param scripts here-document scripts the command runs, by name: each readable and executable
     *     at {@link #SCRIPTS}{@code /<name>} while it runs, never in the layer (BuildKit mounts them there)
     */
    record Request(Instruction.Run instruction, List<String> argv, List<String> env, String workingDir, String user,
                   Path rootfs, Map<String, Path> secrets, Path workDir, LayerOptions layerOptions, Sources sources,
                   Consumer<String> output, Map<String, String> scripts) {
        /** Where a RUN finds its here-document scripts, as in BuildKit. */
        public static final String SCRIPTS = "/dev/pipes";

        public Request {
            scripts = scripts == null ? Map.of() : Map.copyOf(scripts);
            layerOptions = layerOptions == null ? LayerOptions.preserveTimes() : layerOptions;
            sources = sources == null ? name -> {
                throw new PierException("no stage or image \"" + name + "\" to mount");
            } : sources;
            output = output == null ? line -> { } : output;
        }

        /** A request without other sources, output discarded, times kept. */
        public Request(Instruction.Run instruction, List<String> argv, List<String> env, String workingDir, String user,
                       Path rootfs, Map<String, Path> secrets, Path workDir) {
            this(instruction, argv, env, workingDir, user, rootfs, secrets, workDir, null, null, null, null);
        }
    }

    /** Finds the root filesystem of a stage (by name or index) or an image, and the build context, for bind mounts. */
    @FunctionalInterface
    interface Sources {
        /** The root of stage or image {@code name}, unpacked; read it, never write it. */
        Path root(String name) throws IOException;

        /** Path {@code source} of the build context, as .dockerignore leaves it, on the host; read it, never write it. */
        default Path context(String source) throws IOException {
            throw new PierException("no build context to mount " + source + " from");
        }
    }

    /** Runs the command; returns the layer tar of its changes, or empty when it changed nothing. */
    Optional<Path> run(Request request) throws IOException;

    /** The step of a build without a runtime: every RUN fails with a clear message. */
    static RunStep unavailable() {
        return request -> {
            throw new PierException("RUN needs the Pier runtime (not available in this build)");
        };
    }
}
