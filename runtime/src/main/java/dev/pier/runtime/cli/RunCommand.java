package dev.pier.runtime.cli;

import dev.pier.runtime.container.Creator;
import dev.pier.runtime.container.Runner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code run}: create, start, and (unless --detach) wait, delete, and exit with the container's status. */
@Command(name = "run", description = "Create and run a container.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

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

    @Option(names = {"-d", "--detach"}, description = "Return once the container runs.")
    boolean detach;

    @Option(names = "--keep", description = "Do not delete the container after it exits.")
    boolean keep;

    @Override
    public Integer call() throws InterruptedException {
        Creator.Created created = CreateCommand.create(runc, id, bundle, pidFile, consoleSocket, noPivot, preserveFds);
        var runner = new Runner(runc.containers());
        runner.start(id);
        if (detach) {
            return 0;
        }
        Runner.Exit exit = runner.waitFor(id, created, keep);
        if (exit.oomKilled()) {
            runc.spec.commandLine().getErr().println("pier-runc: container " + id + " was killed by the OOM killer");
        }
        return exit.status();
    }
}
