package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Box;
import dev.pier.runtime.sys.Errno;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SysException;
import dev.pier.runtime.sys.Termios;
import dev.pier.runtime.sys.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's side of a container's terminal ({@code process.terminal}, {@code pier run -t}):
 * a console socket the container's init sends the pty master to (runc's protocol), then two
 * copies — the master's output to this process's stdout (the user's terminal, or
 * {@code console.log} under a detached monitor), and with {@code -i} this process's stdin to the
 * master. When stdin is a terminal it is put in raw mode for the time of the run (keys such as
 * Ctrl-C then reach the container's terminal, which makes the signals) and given back its
 * settings on close, or by a shutdown hook if this process is killed; its window size is the
 * container's, at start and on every SIGWINCH.
 */
final class ConsoleRelay implements AutoCloseable {
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final byte VEOF = 4;   // Ctrl-D: end of input for a reader of a terminal in canonical mode
    private static final long DRAIN_MS = 10_000;

    private final Path dir;
    private final UnixSocket listening;
    private int master = -1;
    private Thread output;
    private Optional<Termios> raw = Optional.empty();
    private Thread restoreOnExit;
    private sun.misc.SignalHandler previousWinch;

    private ConsoleRelay(Path dir, UnixSocket listening) {
        this.dir = dir;
        this.listening = listening;
    }

    /** A console socket in a new private directory (a short path: socket paths have at most 107 bytes). */
    static ConsoleRelay listen() {
        try {
            Path dir = Files.createTempDirectory("pier-console-");
            return new ConsoleRelay(dir, UnixSocket.listen(dir.resolve("console.sock").toString()));
        } catch (IOException e) {
            throw new RuntimeError("cannot make the console socket: " + e.getMessage(), e);
        }
    }

    /** The size of the terminal this process runs in (stdin's, else stdout's), if it runs in one. */
    static Optional<Box> hostSize() {
        return Termios.windowSize(STDIN).or(() -> Termios.windowSize(STDOUT));
    }

    /** The socket's path, for {@code --console-socket}. */
    String socketPath() {
        return dir.resolve("console.sock").toString();
    }

    /**
     * Once the container is created (its init has sent the master): takes the master and starts
     * copying. With {@code input}, stdin goes to the container, and a terminal on stdin turns raw.
     */
    void attach(boolean input) {
        try (UnixSocket peer = listening.accept()) {
            master = peer.receiveFd();
        } finally {
            listening.close();
            removeSocket();
        }
        hostSize().ifPresent(size -> Termios.setWindowSize(master, size));
        watchWindowSize();
        if (input && Termios.isTerminal(STDIN)) {
            Termios saved = Termios.of(STDIN);
            restoreOnExit = new Thread(saved::restore);
            ShutdownHooks.add(restoreOnExit);
            saved.makeRaw();
            raw = Optional.of(saved);
        }
        output = Thread.ofPlatform().daemon().name("console-output").start(() -> copy(master, STDOUT));
        if (input) {
            Thread.ofPlatform().daemon().name("console-input").start(this::forwardInput);
        }
    }

    /** SIGWINCH: the user's terminal changed size, so does the container's (the kernel tells its foreground group). */
    private void watchWindowSize() {
        int fd = master;
        previousWinch = sun.misc.Signal.handle(new sun.misc.Signal("WINCH"),
                s -> hostSize().ifPresent(size -> {
                    try {
                        Termios.setWindowSize(fd, size);
                    } catch (SysException e) {
                        // the container's terminal is gone
                    }
                }));
    }

    /** Stdin to the master; at its end, an end-of-file character, as a user typing Ctrl-D. */
    private void forwardInput() {
        copy(STDIN, master);
        try {
            Libc.write(master, new byte[] {VEOF});
        } catch (SysException e) {
            // the container's terminal is closed
        }
    }

    /** Copies until {@code from} ends (a pty master reads EIO once every slave is closed) or {@code to} fails. */
    private static void copy(int from, int to) {
        while (true) {
            byte[] data;
            try {
                data = Libc.read(from, 8192);
            } catch (SysException e) {
                if (e.errno() == Errno.EINTR) {
                    continue;
                }
                return;
            }
            if (data.length == 0) {
                return;
            }
            try {
                Libc.write(to, data);
            } catch (SysException e) {
                return;
            }
        }
    }

    /**
     * Once the container exited: lets the output drain (the master reads end of file when the
     * last process holding the terminal is gone), gives the user's terminal back its settings and
     * closes the master.
     */
    @Override
    public void close() {
        try {
            if (output != null) {
                output.join(DRAIN_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            raw.ifPresent(Termios::restore);
            if (restoreOnExit != null) {
                try {
                    ShutdownHooks.remove(restoreOnExit);
                } catch (IllegalStateException e) {
                    // shutting down: the hook restores the same settings
                }
            }
            if (previousWinch != null) {
                sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), previousWinch);
            }
            if (master >= 0 && (output == null || !output.isAlive())) {
                Libc.close(master);   // a reader still blocked on it would otherwise read another file reusing the number
            }
            listening.close();
            removeSocket();
        }
    }

    private void removeSocket() {
        try {
            Files.deleteIfExists(dir.resolve("console.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory: nothing depends on it
        }
    }
}
