package dev.pier.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code start}: lets a created container's process run. */
@Command(name = "start", description = "Start a created container.")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    /** The command as picocli would make it from these values (see {@link QuickCommands}). */
    static StartCommand of(PierRunc runc, String id) {
        StartCommand c = new StartCommand();
        c.runc = runc;
        c.id = id;
        return c;
    }

    @Override
    public Integer call() {
        runc.containers().start(id);
        return 0;
    }
}
