package dev.pier.runtime.cli;

import dev.pier.runtime.container.Creator;
import dev.pier.runtime.container.LaunchOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The id and options {@code create} and {@code run} share, as runc's, and the creation itself. */
final class CreateOptions {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "Bundle directory (default: the current directory).")
    Path bundle = Path.of(".");

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the container's pid to FILE.")
    Path pidFile;

    @Option(names = "--console-socket", paramLabel = "PATH", description = "Unix socket that receives the terminal's master.")
    String consoleSocket;

    @Option(names = "--no-pivot", description = "Use chroot instead of pivot_root.")
    boolean noPivot;

    @Option(names = "--preserve-fds", paramLabel = "N", description = "Pass N more file descriptors (from 3) to the process.")
    int preserveFds;

    /** Creates the container; it waits for {@code start}. */
    Creator.Created create(PierRunc runc) {
        Path socket = consoleSocket == null ? null : Path.of(consoleSocket).toAbsolutePath();
        return new Creator(runc.containers(), runc.debug).create(id, bundle,
                new LaunchOptions(noPivot, preserveFds, socket == null ? null : socket.toString(), false),
                pidFile == null ? null : pidFile.toAbsolutePath());
    }
}
