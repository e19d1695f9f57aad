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

    @Override
    public Integer call() {
        runc.spec.commandLine().getOut().println(Json.pretty(runc.containers().state(id)));
        return 0;
    }
}
