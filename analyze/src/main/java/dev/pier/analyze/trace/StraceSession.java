package dev.pier.analyze.trace;

import dev.pier.image.PierException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code strace}, attached to a container's init before it starts: {@code -f} follows
 * every thread and child, {@code -y} prints the path beside each file descriptor (so relative
 * paths and {@code AT_FDCWD} resolve in the container's own root), and the trace goes to a file.
 * The session ends by itself when the last traced process exits.
 */
final class StraceSession implements AutoCloseable {
    private static final long ATTACH_TIMEOUT_S = 30;

    private final Process process;
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    private StraceSession(Process process) {
        this.process = process;
    }

    /** Fails with a line saying what to install when there is no {@code strace} on PATH (checked before any work). */
    static void requireStrace(String command) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, "strace"))) {
                return;
            }
        }
        throw new PierException(command + " traces the run with strace, which is not installed (apt-get install strace)");
    }

    /** Attaches to every thread of {@code pid}, writing to {@code traceFile}; returns once strace reported the attach. */
    static StraceSession attach(int pid, Path traceFile) {
        Process p;
        try {
            p = new ProcessBuilder("strace", "-f", "-y", "-e", "signal=none", "-o", traceFile.toString(), "-p", String.valueOf(pid))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new PierException("cannot start strace (apt-get install strace): " + e.getMessage());
        }
        StraceSession session = new StraceSession(p);
        CountDownLatch attached = new CountDownLatch(1);
        Thread.ofVirtual().name("strace-stderr").start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.contains("Process " + pid + " attached")) {
                        attached.countDown();
                    } else {
                        session.messages.add(line);
                    }
                }
            } catch (IOException e) {
                // strace is gone: waitFor reports it
            }
        });
        try {
            boolean ok = attached.await(ATTACH_TIMEOUT_S, TimeUnit.SECONDS);
            if (!ok) {
                session.close();
                throw new PierException("strace did not attach to the container's init (pid " + pid + ")"
                        + (session.messages.isEmpty() ? "" : ": " + session.messages.getFirst()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            throw new PierException("interrupted while attaching strace");
        }
        return session;
    }

    /** Waits (at most {@code seconds}) for strace to end after the traced processes exited; returns its exit status. */
    int awaitEnd(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            close();
            throw new PierException("strace did not end after the container exited");
        }
        return process.exitValue();
    }

    /** What strace printed on stderr besides the attach message. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();   // SIGTERM: strace detaches from its tracees and exits
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
