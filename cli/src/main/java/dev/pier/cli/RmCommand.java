package dev.pier.cli;

import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier rm}: removes containers (their rootfs, upper dir and log). */
@Command(name = "rm", description = "Remove containers; -f kills running ones first.")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Option(names = {"-f", "--force"}, description = "Kill running containers first.")
    boolean force;

    @Override
    public Integer call() {
        var control = new ContainerEngine(pier.storeRoot()).control();
        for (String c : containers) {
            control.remove(c, force);
            spec.commandLine().getOut().println(c);
        }
        return ExitCode.OK;
    }
}
