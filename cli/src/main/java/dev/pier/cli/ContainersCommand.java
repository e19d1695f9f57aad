package dev.pier.cli;

import dev.pier.runtime.engine.ContainerControl;
import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A command acting on each container named, in order, as {@code podman stop|kill|rm|wait} do:
 * one line per container on stdout (its name, or what the action reports); the first failure
 * stops the command.
 */
abstract class ContainersCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    /** Acts on {@code container}; returns the line to print for it. */
    abstract String act(ContainerControl control, String container);

    @Override
    public final Integer call() throws Exception {
        Optional<Integer> rootless = UserNamespaceReexec.joinAsUser(pier, this);
        if (rootless.isPresent()) {   // a user: in the namespaces its containers run in
            return rootless.get();
        }
        ContainerControl control = new ContainerEngine(pier.storeRoot()).control();
        for (String c : containers) {
            pier.out().println(act(control, c));
        }
        return ExitCode.OK;
    }
}
