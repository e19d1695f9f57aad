package dev.pier.runtime.init;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Box;
import java.nio.file.Path;

/** The container's pseudo-terminal, whose master is sent to the console socket. */
final class Terminal {
    private Terminal() {}

    /** Opens the terminal for {@code consoleSocket}. */
    static Terminal open(String consoleSocket) {
        if (consoleSocket == null) {
            throw new RuntimeError("process.terminal is true but no --console-socket was given");
        }
        throw new RuntimeError("process.terminal is not supported yet");
    }

    /** Binds the terminal onto /dev/console in the rootfs. */
    void bindConsole(Path rootfs) {}

    /** Makes the terminal the controlling terminal and the process's stdio. */
    void becomeControlling(Box size) {}
}
