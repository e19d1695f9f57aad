package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.Executor;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.spec.User;
import dev.pier.runtime.sys.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lifecycle operations on existing containers, by name or id (prefix): start (see
 * {@link ContainerStart}), attach, stop, kill, remove, exec, wait and logs.
 *
 * @param engine the engine whose store holds the containers
 */
public record ContainerControl(ContainerEngine engine) {
    private static final long POLL_MS = 20;

    /** Sends the container's StopSignal, waits up to {@code timeoutSeconds}, then SIGKILL; returns once it exited. */
    public void stop(String nameOrId, int timeoutSeconds) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (!r.status().equals("running")) {
            return;
        }
        signal(r, Signals.parse(r.stopSignal() == null ? "TERM" : r.stopSignal()), false);
        if (!awaitExit(r.id(), timeoutSeconds * 1000L)) {
            signal(r, 9, true);
            awaitExit(r.id(), 60_000);
        }
    }

    /** Sends {@code signal} (a name or number) to the container's process. */
    public void kill(String nameOrId, String signal) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (!r.status().equals("running")) {
            throw new RuntimeError("container " + r.name() + " is not running");
        }
        signal(r, Signals.parse(signal), false);
    }

    private void signal(ContainerRecord r, int sig, boolean all) {
        try {
            engine.runc().kill(r.id(), sig, all);
        } catch (RuntimeError e) {
            // exited meanwhile
        }
    }

    /** Removes a container: its directory, rootfs and upper dir; a running one only with {@code force} (killed first). */
    public void remove(String nameOrId, boolean force) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (r.status().equals("running")) {
            if (!force) {
                throw new RuntimeError("container " + r.name() + " is running: stop it first, or use rm -f");
            }
            signal(r, 9, true);
            awaitExit(r.id(), 60_000);
        }
        Path dir = engine.containers().dirOf(r.id());
        try {
            if (Files.exists(engine.runc().root().resolve(r.id()))) {
                engine.runc().delete(r.id(), true);
            }
        } catch (RuntimeError e) {
            // already deleted by its supervisor
        }
        SecretFiles.unmount(dir);
        RootfsMount.unmount(dir);
        Trees.delete(dir);
        try {
            engine.pruneLayers();   // the layers of an image removed meanwhile were this container's only
        } catch (RuntimeError e) {
            System.err.println("pier: warning: " + e.getMessage());
        }
    }

    /** Runs {@code args} in the running container with its environment plus {@code env}; returns the exit status. */
    public int exec(String nameOrId, List<String> args, List<String> env, String user, String workdir) {
        return exec(nameOrId, args, env, user, workdir, false, true);
    }

    /**
     * As {@link #exec(String, List, List, String, String)}; with {@code terminal} ({@code exec -t})
     * the process gets a pty of its own, relayed as {@code run -t}'s (see {@link ConsoleRelay}),
     * stdin only when {@code interactive}.
     */
    public int exec(String nameOrId, List<String> args, List<String> env, String user, String workdir, boolean terminal,
            boolean interactive) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (!r.status().equals("running")) {
            throw new RuntimeError("container " + r.name() + " is not running");
        }
        Process p = engine.runc().spec(r.id()).process();
        User u = p.user();
        if (user != null && !user.isEmpty()) {
            ImageUsers.Resolved res = ImageUsers.resolve(engine.containers().dirOf(r.id()).resolve("rootfs"), user);
            u = new User(res.uid(), res.gid(), null, res.additionalGids());
        }
        Process exec = new Process(terminal, terminal ? ConsoleRelay.hostSize().orElse(null) : null, u, args, EnvFiles.merge(p.env(), env),
                workdir == null || workdir.isEmpty() ? p.cwd() : workdir, p.capabilities(), p.rlimits(), p.noNewPrivileges(),
                p.apparmorProfile(), null, p.selinuxLabel());   // exec runs confined as the container is
        try (ConsoleRelay console = terminal ? ConsoleRelay.listen() : null) {
            Executor.Started started = new Executor(engine.runc(), false).exec(r.id(), exec,
                    java.util.Optional.ofNullable(console).map(c -> java.nio.file.Path.of(c.socketPath())));
            if (console != null) {
                console.attach(interactive);
            }
            return started.launcher().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted", e);
        }
    }

    /** Waits until the container exited; returns its exit status. */
    public int waitFor(String nameOrId) {
        ContainerRecord r = engine.containers().find(nameOrId);
        awaitExit(r.id(), Long.MAX_VALUE);
        ContainerRecord now = current(r.id());
        if (now == null || now.exitCode() == null) {
            throw new RuntimeError("container " + r.name() + " was removed before its exit status was read");
        }
        return now.exitCode();
    }

    /**
     * Copies the output of a detached container to {@code out}, that of the runs it had under a
     * detached monitor; with {@code follow}, until it exits.
     */
    public void logs(String nameOrId, boolean follow, OutputStream out) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (!r.detached() && !Files.exists(engine.containers().dirOf(r.id()).resolve("console.log"))) {
            throw new RuntimeError("container " + r.name() + " ran attached: its output went to the terminal (logs keep only detached containers' output)");
        }
        copyLog(r, 0, follow, out);
    }

    /**
     * Starts a created or exited container again, as {@code podman start}: its root filesystem's
     * changes (the overlay's upper dir) and its volumes are as it left them, its command, settings
     * and network are those it was created with, its secrets from files are read again from those
     * files (one from {@code pier run}'s environment or standard input is refused, in one line,
     * before anything is done). It runs under a detached monitor, its output appended to its log.
     * Returns once it runs (or already exited); a running container is left as it is.
     */
    public ContainerRecord start(String nameOrId) {
        return new ContainerStart(engine).detached(engine.containers().find(nameOrId));
    }

    /**
     * {@code pier start -a}: starts the container as {@link #start} does (or finds it running),
     * copies its output from now on to {@code out} until it exits, and returns its exit status.
     */
    public int startAttached(String nameOrId, OutputStream out) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (r.status().equals("running")) {
            return attach(r.id(), out);
        }
        long offset = logSize(r);
        ContainerRecord started = start(r.id());
        return follow(started, offset, out);
    }

    /**
     * {@code pier start -ai}: starts the container as {@link #start} does, but in this process and
     * attached, as {@code pier run -i} runs one: its stdin is this process's, its output this
     * process's stdout and stderr, or with a terminal ({@code -t}) its pty relayed to them by
     * {@link ConsoleRelay} (this process's terminal raw meanwhile). Returns its exit status. Its
     * log, when it has one, does not get this run's output; ending this process kills it. A
     * running container cannot be given this process's input: refused in one line.
     */
    public int startInteractive(String nameOrId) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (r.status().equals("running")) {
            throw new RuntimeError("container " + r.name() + " is already running, its input not open to attach: "
                    + "pier attach " + r.name() + " shows its output");
        }
        return new ContainerStart(engine).interactive(r);
    }

    /**
     * {@code pier attach}: copies the output of a running container, run detached, from now on to
     * {@code out} until it exits, and returns its exit status. Its input stays closed (a detached
     * container's stdin is {@code /dev/null}); ending this copy leaves the container running.
     */
    public int attach(String nameOrId, OutputStream out) {
        ContainerRecord r = engine.containers().find(nameOrId);
        if (!r.status().equals("running")) {
            throw new RuntimeError("container " + r.name() + " is not running: pier start -a " + r.name() + " runs it attached");
        }
        if (!r.detached()) {
            throw new RuntimeError("container " + r.name() + " runs attached to the pier process that started it: its output is there");
        }
        return follow(r, logSize(r), out);
    }

    private long logSize(ContainerRecord r) {
        Path log = engine.containers().dirOf(r.id()).resolve("console.log");
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new RuntimeError("cannot read the log of container " + r.name() + ": " + e.getMessage(), e);
        }
    }

    /** Copies the log of {@code r} from byte {@code offset} until it exits; returns its exit status. */
    private int follow(ContainerRecord r, long offset, OutputStream out) {
        copyLog(r, offset, true, out);
        return waitFor(r.id());
    }

    /** Copies the log of {@code r} from byte {@code offset}; with {@code follow}, until the container is no longer running. */
    private void copyLog(ContainerRecord r, long offset, boolean follow, OutputStream out) {
        Path log = engine.containers().dirOf(r.id()).resolve("console.log");
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            byte[] buf = new byte[8192];
            while (true) {
                int n = in.read(buf);
                if (n > 0) {
                    out.write(buf, 0, n);
                    continue;
                }
                out.flush();
                ContainerRecord now = current(r.id());
                if (!follow || now == null || !now.status().equals("running")) {
                    in.transferTo(out);
                    out.flush();
                    return;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot read the log of container " + r.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The drift events of a container run with {@code --drift=alert}: one JSON object a line, oldest first. */
    public List<String> driftEvents(String nameOrId) {
        ContainerRecord r = engine.containers().find(nameOrId);
        try {
            return DriftWatch.events(engine.containers().dirOf(r.id()));
        } catch (IOException e) {
            throw new RuntimeError("cannot read the events of container " + r.name() + ": " + e.getMessage(), e);
        }
    }

    private boolean awaitExit(String id, long timeoutMs) {
        long deadline = timeoutMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            ContainerRecord now = current(id);
            if (now == null || now.status().equals("exited")) {
                return true;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The record of container {@code id} as it is now; null once it was removed. */
    ContainerRecord current(String id) {
        try {
            return engine.containers().load(id);
        } catch (RuntimeError e) {
            return null;
        }
    }
}
