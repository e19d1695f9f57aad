package dev.pier.runtime.cli;

import dev.pier.runtime.container.Creator;
import dev.pier.runtime.container.Runner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code run}: create, start, and (unless --detach) wait, delete, and exit with the container's status. */
@Command(name = "run", description = "Create and run a container.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, description = "Return once the container runs.")
    boolean detach;

    @Option(names = "--keep", description = "Do not delete the container after it exits.")
    boolean keep;

    /** The command as picocli would make it from these values (see {@link QuickCommands}). */
    static RunCommand of(PierRunc runc, CreateOptions options, boolean detach, boolean keep) {
        RunCommand c = new RunCommand();
        c.runc = runc;
        c.options = options;
        c.detach = detach;
        c.keep = keep;
        return c;
    }

    @Override
    public Integer call() throws InterruptedException {
        Creator.Created created = options.create(runc);
        String id = options.id;
        var runner = new Runner(runc.containers());
        runner.start(id);
        if (detach) {
            return 0;
        }
        Runner.Exit exit = runner.waitFor(id, created, keep);
        if (exit.oomKilled()) {
            runc.err.println("pier-runc: container " + id + " was killed by the OOM killer");
        }
        return exit.status();
    }
}
