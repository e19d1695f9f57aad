package dev.pier.cli;

import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier stop}: the image's StopSignal (default SIGTERM), then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop containers: their StopSignal, then SIGKILL after -t seconds.")
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Option(names = {"-t", "--time"}, defaultValue = "10", description = "Seconds to wait before SIGKILL (default 10).")
    int timeout;

    @Override
    public Integer call() {
        var control = new ContainerEngine(pier.storeRoot()).control();
        for (String c : containers) {
            control.stop(c, timeout);
            spec.commandLine().getOut().println(c);
        }
        return ExitCode.OK;
    }
}
