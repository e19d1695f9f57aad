package dev.pier.cli;

import dev.pier.runtime.engine.ContainerControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pier stop}: the image's StopSignal (default SIGTERM), then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop containers: their StopSignal, then SIGKILL after -t seconds.")
final class StopCommand extends ContainersCommand {
    @Option(names = {"-t", "--time"}, defaultValue = "10", description = "Seconds to wait before SIGKILL (default 10).")
    int timeout;

    @Override
    String act(ContainerControl control, String container) {
        control.stop(container, timeout);
        return container;
    }
}
