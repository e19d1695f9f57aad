package dev.pier.cli;

import dev.pier.runtime.engine.ContainerControl;
import picocli.CommandLine.Command;

/** {@code pier wait}: waits for containers to exit and prints their exit statuses. */
@Command(name = "wait", description = "Wait for containers to exit; print their exit statuses.")
final class WaitCommand extends ContainersCommand {
    @Override
    String act(ContainerControl control, String container) {
        return Integer.toString(control.waitFor(container));
    }
}
