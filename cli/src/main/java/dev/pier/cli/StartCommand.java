package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.runtime.engine.ContainerControl;
import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pier start}: like {@code podman start}; the work is {@link ContainerControl#start}'s. */
@Command(name = "start", description = {"Start created or exited containers again, like podman start: the changes to their",
        "root filesystem and their volumes are kept; they run in the background, their output appended to pier logs.",
        "With -a, wait for the one container named and print its output meanwhile; the exit status is then the container's."})
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Option(names = {"-a", "--attach"}, description = "Print the container's output until it exits; exit with its status.")
    boolean attach;

    @Override
    public Integer call() {
        ContainerControl control = new ContainerEngine(pier.storeRoot()).control();
        if (attach) {
            if (containers.size() > 1) {
                throw new PierException("-a attaches to one container, not " + containers.size());
            }
            return control.startAttached(containers.getFirst(), System.out);
        }
        for (String c : containers) {
            control.start(c);
            spec.commandLine().getOut().println(c);   // as podman: the name or id as given
        }
        return ExitCode.OK;
    }
}
