package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code state}: prints the runtime-spec state JSON. */
@Command(name = "state", description = "Output the state of a container.")
final class StateCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    /** The command as picocli would make it from these values (see {@link QuickCommands}). */
    static StateCommand of(PierRunc runc, String id) {
        StateCommand c = new StateCommand();
        c.runc = runc;
        c.id = id;
        return c;
    }

    @Override
    public Integer call() {
        runc.out.println(Json.pretty(runc.containers().state(id)));
        return 0;
    }
}
