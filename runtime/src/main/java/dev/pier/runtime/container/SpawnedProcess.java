package dev.pier.runtime.container;

import dev.pier.runtime.sys.Libc;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A child of this JVM that it did not start through {@link ProcessBuilder} (the container's init
 * stub, started with posix_spawn): a reaper thread waits for it once its status is first asked
 * for (never, and it is left to whoever inherits it when this JVM exits: {@code exec --detach}
 * under conmon, a subreaper that reaps it itself), and its exit status is the program's code, or
 * 128 plus the signal that killed it.
 */
final class SpawnedProcess extends java.lang.Process {
    private final int pid;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private Thread reaper;

    /** Takes over {@code pid}; {@code stdoutFd} and {@code stderrFd} are read ends of pipes it writes, or -1. */
    SpawnedProcess(int pid, int stdoutFd, int stderrFd) throws IOException {
        this.pid = pid;
        this.stdout = stream(stdoutFd);
        this.stderr = stream(stderrFd);
    }

    /** The exit status, from a reaper thread started on first use. */
    private synchronized CompletableFuture<Integer> exit() {
        if (reaper == null) {
            reaper = new Thread(this::reap, "pier-reaper-" + pid);
            reaper.setDaemon(true);
            reaper.start();
        }
        return exit;
    }

    /**
     * Makes the calling thread the reaper when there is none yet, as {@link #waitFor} would only
     * wait for one: a thread started for that costs a short command a scheduling round on a
     * loaded machine.
     */
    private synchronized boolean becomeReaper() {
        if (reaper != null) {
            return false;
        }
        reaper = Thread.currentThread();
        return true;
    }

    private void reap() {
        try {
            int status = Libc.waitpid(pid, 0);
            int signal = status & 0x7f;
            exit.complete(signal == 0 ? (status >> 8) & 0xff : 128 + signal);
        } catch (RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    /** A pipe's read end as a stream: reopened through /proc (the JDK makes no stream of a descriptor number). */
    private static InputStream stream(int fd) throws IOException {
        if (fd < 0) {
            return InputStream.nullInputStream();
        }
        try {
            return new FileInputStream("/proc/self/fd/" + fd);
        } finally {
            Libc.close(fd);
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        if (becomeReaper()) {
            reap();
        }
        try {
            return exit().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + pid, e.getCause());
        }
    }

    @Override
    public int exitValue() {
        if (!exit().isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exit.join();
    }

    @Override
    public boolean isAlive() {
        return !exit().isDone();
    }

    @Override
    public CompletableFuture<java.lang.Process> onExit() {
        return exit().thenApply(code -> this);
    }

    @Override
    public void destroy() {
        signal(15);
    }

    @Override
    public java.lang.Process destroyForcibly() {
        signal(9);
        return this;
    }

    private void signal(int signal) {
        if (isAlive()) {
            try {
                Libc.kill(pid, signal);
            } catch (RuntimeException e) {
                // exited meanwhile
            }
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public java.util.stream.Stream<ProcessHandle> descendants() {
        return isAlive() ? ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants) : java.util.stream.Stream.empty();
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
    }
}
