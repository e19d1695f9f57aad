package dev.pier.cli;

import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier wait}: waits for containers to exit and prints their exit statuses. */
@Command(name = "wait", description = "Wait for containers to exit; print their exit statuses.")
final class WaitCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() {
        var control = new ContainerEngine(pier.storeRoot()).control();
        for (String c : containers) {
            spec.commandLine().getOut().println(control.waitFor(c));
        }
        return ExitCode.OK;
    }
}
