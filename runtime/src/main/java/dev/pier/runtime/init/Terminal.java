package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Box;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Termios;
import dev.pier.runtime.sys.UnixSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container's pseudo-terminal (process.terminal): the master goes to the console socket
 * (runc's protocol: one message with the descriptor as SCM_RIGHTS), the slave becomes
 * /dev/console, the controlling terminal and stdin, stdout and stderr of the process.
 */
final class Terminal {
    private final UnixSocket socket;
    private int slave = -1;

    private Terminal(UnixSocket socket) {
        this.socket = socket;
    }

    /** Connects to {@code consoleSocket} (a host path: before pivot_root). */
    static Terminal connect(String consoleSocket) {
        if (consoleSocket == null) {
            throw new RuntimeError("process.terminal is true but no --console-socket was given");
        }
        return new Terminal(UnixSocket.connect(consoleSocket));
    }

    /**
     * After pivot_root: opens a pty in the container's devpts, binds the slave onto /dev/console
     * when it is the {@code console} (the container's; not for a process exec'd into it), sends
     * the master to the console socket.
     */
    void open() throws IOException {
        open(true);
    }

    /**
     * For an exec'd process, in the container's mount namespace: opens a pty in the container's
     * devpts and sends the master to the console socket; /dev/console stays the container's.
     * Returns the slave (close-on-exec), for a process started with it as its standard streams.
     */
    int openForExec() throws IOException {
        return open(false);
    }

    private int open(boolean bindConsole) throws IOException {
        int master = Libc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
        int n;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, 0);
            Libc.ioctl(master, TIOCSPTLCK, value);
            Libc.ioctl(master, TIOCGPTN, value);
            n = value.get(JAVA_INT, 0);
        }
        String pts = "/dev/pts/" + n;
        slave = Libc.open(pts, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
        if (bindConsole) {
            Path console = Path.of("/dev/console");
            if (!Files.exists(console)) {
                Files.createFile(console);
            }
            Libc.mount(pts, "/dev/console", "bind", MS_BIND, null);
        }
        socket.sendFd(pts, master);
        socket.close();
        Libc.close(master);
        return slave;
    }

    /** After setsid: the slave becomes the controlling terminal and the standard streams. */
    void becomeControlling(Box size) {
        Libc.ioctl(slave, TIOCSCTTY, 0);
        if (size != null) {
            Termios.setWindowSize(slave, size);
        }
        for (int fd = 0; fd < 3; fd++) {
            Libc.dup2(slave, fd);
        }
    }
}
