package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.cgroup.Cgroup;
import dev.pier.runtime.spec.Hook;
import dev.pier.runtime.spec.Hooks;
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
        }
        List<Hook> poststart = hooks(id, "poststart", Hooks::poststart);
        if (!poststart.isEmpty()) {
            HookRunner.run("poststart", poststart, Json.write(state(id)));
        }
    }

    /**
     * The container's hooks of one kind ({@code name}, poststart or poststop). Its config.json is
     * parsed only when its bytes could hold them (they name the kind, or hold a backslash-u escape,
     * which could spell it): parsing costs a short command like start or delete milliseconds, and
     * most containers have no hooks. Throws {@link RuntimeError} as {@link #spec} does.
     */
    private List<Hook> hooks(String id, String name, java.util.function.Function<Hooks, List<Hook>> kind) {
        Path config = StateDir.of(root, id).configJson();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(config);
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + config + ": " + e.getMessage(), e);
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);   // byte for byte: only ASCII is looked for
        if (!text.contains(name) && !text.contains("\\u")) {
            return List.of();
        }
        Spec spec = dev.pier.runtime.spec.SpecReader.read(bytes, config.toString());
        return spec.hooks() == null ? List.of() : kind.apply(spec.hooks());
    }

    /**
     * Writes the byte the init waits for into exec.fifo. The init holds the fifo open for reading
     * (and writing, so that it never sees an end of file). Opened for reading and writing here
     * too, a fifo opens at once (for writing only, the open would wait for good for a reader that
     * had gone), and the byte waits in the pipe for the init's read. {@link #status} has just seen
     * the init alive; one that dies in between leaves a stopped container, as one that dies just
     * after its start. No native call: start makes no other, and linking the first costs a JVM
     * 15 to 20 ms of CPU.
     */
    private static void release(Path fifo) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'0'}));
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
        delete(info(id), force);
    }

    /**
     * As {@link #delete(String, boolean)}, for the container {@code info} records (as create
     * returned it: state.json is not read again).
     */
    public void delete(ContainerInfo info, boolean force) {
        String id = info.id();
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
        List<Hook> poststop = List.of();
        try {
            poststop = hooks(id, "poststop", Hooks::poststop);
        } catch (RuntimeError e) {
            // deleted anyway
        }
        byte[] state = poststop.isEmpty() ? null : Json.write(info.toState("stopped", 0));   // the hooks' input, made only for them
        deleteTree(StateDir.of(root, id).dir());
        if (!poststop.isEmpty()) {
            try {
                HookRunner.run("poststop", poststop, state);
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
        return oomKills(info(id));
    }

    /** How many of the processes of the container {@code info} records the OOM killer killed. */
    public long oomKills(ContainerInfo info) {
        return cgroup(info).oomKills();
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
