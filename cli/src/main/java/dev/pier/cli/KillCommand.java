package dev.pier.cli;

import dev.pier.runtime.engine.ContainerControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pier kill}: sends a signal (default SIGKILL) to containers. */
@Command(name = "kill", description = "Send a signal (default KILL) to running containers.")
final class KillCommand extends ContainersCommand {
    @Option(names = {"-s", "--signal"}, defaultValue = "KILL", description = "The signal, a name or number.")
    String signal;

    @Override
    String act(ContainerControl control, String container) {
        control.kill(container, signal);
        return container;
    }
}
