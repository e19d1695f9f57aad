package dev.pier.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code resume}: thaws the container's processes (freezer cgroup). */
@Command(name = "resume", description = "Resume all processes of a container.")
final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        runc.containers().pause(id, false);
        return 0;
    }
}
