package dev.pier.cli;

import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier kill}: sends a signal (default SIGKILL) to containers. */
@Command(name = "kill", description = "Send a signal (default KILL) to running containers.")
final class KillCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Option(names = {"-s", "--signal"}, defaultValue = "KILL", description = "The signal, a name or number.")
    String signal;

    @Override
    public Integer call() {
        var control = new ContainerEngine(pier.storeRoot()).control();
        for (String c : containers) {
            control.kill(c, signal);
            spec.commandLine().getOut().println(c);
        }
        return ExitCode.OK;
    }
}
