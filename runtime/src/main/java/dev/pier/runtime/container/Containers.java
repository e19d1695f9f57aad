package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.cgroup.Cgroup;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.spec.State;
import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The containers under one runtime root ({@code /run/pier-runc} by default): the runc operations
 * as a Java API. {@link Creator} starts new ones.
 *
 * @param root the runtime's state root
 */
public record Containers(Path root) {
    /** The runtime-spec version Pier implements. */
    public static final String OCI_VERSION = "1.2.0";

    /** The recorded container {@code id}; throws {@link RuntimeError} when there is none. */
    public ContainerInfo info(String id) {
        StateDir dir = StateDir.of(root, id);
        if (!Files.exists(dir.stateJson())) {
            throw new RuntimeError("container " + id + " does not exist");
        }
        try {
            return Json.read(Files.readAllBytes(dir.stateJson()), ContainerInfo.class, dir.stateJson().toString());
        } catch (IOException e) {
            throw new RuntimeError("cannot read the state of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** The runtime-spec state of container {@code id}. */
    public State state(String id) {
        ContainerInfo info = info(id);
        String status = status(info);
        return info.toState(status, status.equals("stopped") ? 0 : info.pid());
    }

    /** created, running, paused or stopped. */
    public String status(ContainerInfo info) {
        if (info.pid() <= 0 || !ProcStat.alive(info.pid(), info.pidStartTime())) {
            return "stopped";
        }
        if (cgroup(info).frozen()) {
            return "paused";
        }
        return Files.exists(StateDir.of(root, info.id()).execFifo()) ? "created" : "running";
    }

    Cgroup cgroup(ContainerInfo info) {
        return Cgroup.of(info.cgroupDirs().stream().map(Path::of).toList());
    }

    /** Lets a created container's process run (opens exec.fifo), then runs the poststart hooks. */
    public void start(String id) {
        ContainerInfo info = info(id);
        String status = status(info);
        if (!status.equals("created")) {
            throw new RuntimeError("cannot start container " + id + ": it is " + status + ", not created");
        }
        StateDir dir = StateDir.of(root, id);
        try {
            release(dir.execFifo());
            Files.deleteIfExists(dir.execFifo());
        } catch (IOException e) {
            throw new RuntimeError("cannot start container " + id + ": " + e.getMessage(), e);
        } catch (dev.pier.runtime.sys.SysException e) {
            throw new RuntimeError("cannot start container " + id + ": " + (e.errno() == dev.pier.runtime.sys.Errno.ENXIO
                    ? "its init is gone" : e.getMessage()), e);
        }
        Spec spec = spec(id);
        if (spec.hooks() != null && !spec.hooks().poststart().isEmpty()) {
            HookRunner.run("poststart", spec.hooks().poststart(), Json.write(state(id)));
        }
    }

    /**
     * Writes the byte the init waits for into exec.fifo. The init holds the fifo open for reading
     * (and writing, so that it never sees an end of file): the open fails with ENXIO, rather
     * than blocking, when the init is gone.
     */
    private static void release(Path fifo) {
        int fd = Libc.open(fifo.toString(), dev.pier.runtime.sys.Flags.O_WRONLY | dev.pier.runtime.sys.Flags.O_NONBLOCK
                | dev.pier.runtime.sys.Flags.O_CLOEXEC, 0);
        try {
            Libc.write(fd, new byte[] {'0'});
        } finally {
            Libc.close(fd);
        }
    }

    /** The configuration the container was created with. */
    public Spec spec(String id) {
        Path config = StateDir.of(root, id).configJson();
        try {
            return dev.pier.runtime.spec.SpecReader.read(Files.readAllBytes(config), config.toString());
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code signal} to the container's process, or with {@code all} to every process in its cgroup. */
    public void kill(String id, int signal, boolean all) {
        ContainerInfo info = info(id);
        String status = status(info);
        if (status.equals("stopped")) {
            throw new RuntimeError("container " + id + " is not running");
        }
        if (all) {
            for (int pid : cgroup(info).pids()) {
                try {
                    Libc.kill(pid, signal);
                } catch (RuntimeError e) {
                    // exited meanwhile
                }
            }
        }
        if (signal == 9) {
            try {
                Files.write(StateDir.of(root, id).dir().resolve("killed"), new byte[0]);
            } catch (IOException e) {
                // only refines run's exit status
            }
        }
        Libc.kill(info.pid(), signal);
    }

    /** Whether {@link #kill} sent SIGKILL to the container's process. */
    public boolean wasKilled(String id) {
        return Files.exists(StateDir.of(root, id).dir().resolve("killed"));
    }

    /**
     * Deletes the container: its state, cgroup and, with {@code force}, its processes (SIGKILL).
     * A created container's init is killed; a running or paused one needs {@code force}.
     */
    public void delete(String id, boolean force) {
        ContainerInfo info = info(id);
        String status = status(info);
        if ((status.equals("running") || status.equals("paused")) && !force) {
            throw new RuntimeError("cannot delete container " + id + " that is " + status + " (stop it first, or use --force)");
        }
        Cgroup cgroup = cgroup(info);
        if (!status.equals("stopped")) {
            if (status.equals("paused")) {
                for (int pid : cgroup.pids()) {
                    kill(pid, 9);
                }
                cgroup.freeze(false);
            }
            for (int pid : cgroup.pids()) {
                kill(pid, 9);
            }
            kill(info.pid(), 9);
            for (int i = 0; i < 1000 && ProcStat.alive(info.pid(), info.pidStartTime()); i++) {
                sleep();
            }
        }
        for (int i = 0; i < 500 && !cgroup.pids().isEmpty(); i++) {
            cgroup.pids().forEach(p -> kill(p, 9));
            sleep();
        }
        cgroup.destroy();
        Spec spec = null;
        try {
            spec = spec(id);
        } catch (RuntimeError e) {
            // deleted anyway
        }
        boolean poststop = spec != null && spec.hooks() != null && !spec.hooks().poststop().isEmpty();
        byte[] state = poststop ? Json.write(info.toState("stopped", 0)) : null;   // the hooks' input, made only for them
        deleteTree(StateDir.of(root, id).dir());
        if (poststop) {
            try {
                HookRunner.run("poststop", spec.hooks().poststop(), state);
            } catch (RuntimeError e) {
                System.err.println("pier-runc: warning: " + e.getMessage());   // poststop failures are logged only
            }
        }
    }

    private static void kill(int pid, int signal) {
        try {
            Libc.kill(pid, signal);
        } catch (RuntimeError e) {
            // already gone
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The containers under the root, sorted by id. */
    public List<ContainerInfo> list() {
        List<ContainerInfo> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.exists(d.resolve("state.json"))) {
                    try {
                        out.add(info(d.getFileName().toString()));
                    } catch (RuntimeError e) {
                        // being created or deleted
                    }
                }
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The pids of the processes in the container's cgroup. */
    public List<Integer> pids(String id) {
        return cgroup(info(id)).pids();
    }

    /** How many of the container's processes the OOM killer killed. */
    public long oomKills(String id) {
        return cgroup(info(id)).oomKills();
    }

    /** Freezes ({@code true}) or thaws the container's processes. */
    public void pause(String id, boolean frozen) {
        ContainerInfo info = info(id);
        String status = status(info);
        if (frozen ? !status.equals("running") : !status.equals("paused")) {
            throw new RuntimeError("container " + id + " is " + status + ", not " + (frozen ? "running" : "paused"));
        }
        cgroup(info).freeze(frozen);
    }

    static void deleteTree(Path dir) {
        try {
            dev.pier.image.io.FileTrees.delete(dir);
        } catch (IOException e) {
            throw new RuntimeError("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
