package dev.pier.cli;

import dev.pier.runtime.engine.ContainerControl;
import dev.pier.runtime.engine.ContainerEngine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier attach}: like {@code podman attach --no-stdin}; the work is {@link ContainerControl#attach}'s. */
@Command(name = "attach", description = {"Print the output of a running detached container from now on until it exits,",
        "and exit with its status, like podman attach. Its input is not attached (a detached container's stdin is closed);",
        "ending pier attach (Ctrl-C) leaves the container running."})
final class AttachCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Option(names = "--no-stdin", description = "Accepted for podman's sake: the input is never attached.")
    boolean noStdin;

    @Override
    public Integer call() {
        return new ContainerEngine(pier.storeRoot()).control().attach(container, System.out);
    }
}
