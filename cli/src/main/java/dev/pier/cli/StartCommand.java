package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.runtime.engine.ContainerControl;
import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pier start}: like {@code podman start}; the work is {@link ContainerControl#start}'s,
 * {@link ContainerControl#startAttached}'s with {@code -a}, {@link ContainerControl#startInteractive}'s
 * with {@code -i}.
 */
@Command(name = "start", description = {"Start created or exited containers again, like podman start: the changes to their",
        "root filesystem and their volumes are kept, secrets from files are read again; they run in the background,",
        "their output appended to pier logs. With -a, wait for the one container named and print its output",
        "meanwhile; with -i, run it attached to this terminal with its input (as pier run -i; a -t container gets its",
        "terminal back). The exit status is then the container's."})
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Option(names = {"-a", "--attach"}, description = "Print the container's output until it exits; exit with its status.")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Also give the container this command's standard input (implies -a).")
    boolean interactive;

    @Override
    public Integer call() throws Exception {
        if ((attach || interactive) && containers.size() > 1) {
            throw new PierException((interactive ? "-i" : "-a") + " attaches to one container, not " + containers.size());
        }
        Optional<Integer> rootless = UserNamespaceReexec.joinAsUser(pier, this);
        if (rootless.isPresent()) {   // a user: in the namespaces its containers run in
            return rootless.get();
        }
        ContainerControl control = new ContainerEngine(pier.storeRoot()).control();
        if (interactive) {
            pier.out().flush();
            return control.startInteractive(containers.getFirst());
        }
        if (attach) {
            return control.startAttached(containers.getFirst(), System.out);
        }
        for (String c : containers) {
            control.start(c);
            pier.out().println(c);   // as podman: the name or id as given
        }
        return ExitCode.OK;
    }
}
