package dev.pier.cli;

import dev.pier.runtime.engine.ContainerControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pier rm}: removes containers (their rootfs, upper dir and log). */
@Command(name = "rm", description = "Remove containers; -f kills running ones first.")
final class RmCommand extends ContainersCommand {
    @Option(names = {"-f", "--force"}, description = "Kill running containers first.")
    boolean force;

    @Override
    String act(ContainerControl control, String container) {
        control.remove(container, force);
        return container;
    }
}
