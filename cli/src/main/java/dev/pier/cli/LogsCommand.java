package dev.pier.cli;

import dev.pier.runtime.engine.ContainerEngine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier logs}: the output of a detached container (stdout and stderr, interleaved, in one file). */
@Command(name = "logs", description = "Print the output of a detached container (stdout and stderr together).")
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the container exits.")
    boolean follow;

    @Override
    public Integer call() {
        new ContainerEngine(pier.storeRoot()).control().logs(container, follow, System.out);
        return ExitCode.OK;
    }
}
