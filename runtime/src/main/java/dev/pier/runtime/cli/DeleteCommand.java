package dev.pier.runtime.cli;

import dev.pier.runtime.RuntimeError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code delete}: removes a container's state and cgroup. */
@Command(name = "delete", description = "Delete a container.")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = {"-f", "--force"}, description = "Kill the container's processes first.")
    boolean force;

    /** The command as picocli would make it from these values (see {@link QuickCommands}). */
    static DeleteCommand of(PierRunc runc, String id, boolean force) {
        DeleteCommand c = new DeleteCommand();
        c.runc = runc;
        c.id = id;
        c.force = force;
        return c;
    }

    @Override
    public Integer call() {
        try {
            runc.containers().delete(id, force);
        } catch (RuntimeError e) {
            if (force && e.getMessage().endsWith("does not exist")) {
                return 0;   // as runc: delete --force of a missing container succeeds
            }
            throw e;
        }
        return 0;
    }
}
