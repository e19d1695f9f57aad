package dev.pier.cli;

import dev.pier.runtime.engine.ContainerEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier exec}: runs a command in a running container. */
@Command(name = "exec", description = "Run a command in a running container; exits with its status.")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*")
    List<String> command = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "NAME[=VALUE]") List<String> env = new ArrayList<>();
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]") String user;
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR") String workdir;
    @Option(names = {"-i", "--interactive"}, description = "Keep stdin connected (always, without -t).") boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Give the command a pseudo-terminal (with -i, this terminal turns raw and is relayed to it).") boolean tty;

    @Override
    public Integer call() throws Exception {
        Optional<Integer> rootless = UserNamespaceReexec.joinAsUser(pier, this);
        if (rootless.isPresent()) {   // a user: in the namespaces its containers run in
            return rootless.get();
        }
        System.out.flush();
        return new ContainerEngine(pier.storeRoot()).control().exec(container, command, env, user, workdir, tty, interactive || !tty);
    }
}
