package dev.pier.runtime.cli;

import dev.pier.runtime.sys.Signals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kill}: sends a signal (default TERM) to the container's process. */
@Command(name = "kill", description = "Send a signal to a container's process (default: SIGTERM).")
final class KillCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "SIGNAL", defaultValue = "TERM")
    String signal;

    @Option(names = {"-a", "--all"}, description = "Send it to every process of the container.")
    boolean all;

    /** The command as picocli would make it from these values (see {@link QuickCommands}). */
    static KillCommand of(PierRunc runc, String id, String signal, boolean all) {
        KillCommand c = new KillCommand();
        c.runc = runc;
        c.id = id;
        c.signal = signal;
        c.all = all;
        return c;
    }

    @Override
    public Integer call() {
        runc.containers().kill(id, Signals.parse(signal), all);
        return 0;
    }
}
