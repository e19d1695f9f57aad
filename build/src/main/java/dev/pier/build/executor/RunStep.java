package dev.pier.build.executor;

import dev.pier.build.dockerfile.Instruction;
import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * @param workDir a scratch directory the step may use; the layer tar may be written there
     */
    record Request(Instruction.Run instruction, List<String> argv, List<String> env, String workingDir, String user,
                   Path rootfs, Map<String, Path> secrets, Path workDir) {}

    /** Runs the command; returns the layer tar of its changes, or empty when it changed nothing. */
    Optional<Path> run(Request request) throws IOException;

    /** The step of a build without a runtime: every RUN fails with a clear message. */
    static RunStep unavailable() {
        return request -> {
            throw new PierException("RUN needs the Pier runtime (not available in this build)");
        };
    }
}
