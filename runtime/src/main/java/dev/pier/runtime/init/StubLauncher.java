package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.ContainerInfo;
import dev.pier.runtime.container.LaunchOptions;
import dev.pier.runtime.container.StateDir;
import dev.pier.runtime.spec.Hooks;
import dev.pier.runtime.spec.LinuxNamespace;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Spawn;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a container with no JVM inside it. One new thread of this JVM unshares the container's
 * namespaces (a thread may, for all but the user namespace; they then belong to that thread
 * alone) and starts the {@link InitStub} from there with posix_spawn: the stub is PID 1 of the new
 * pid namespace and shares the thread's mount namespace. The thread then builds the root
 * filesystem as a JVM init would, with proc mounted for the stub's pid namespace, and
 * pivot_root moves the stub's root along with its own. Last it computes the {@link SyscallPlan}
 * the stub carries out after start. The thread ends there; its namespaces live on in the stub.
 *
 * <p>Not for: a user namespace (created or joined), {@code --no-pivot} (chroot moves only the
 * caller), a terminal, and hooks that run in the container's namespaces or before pivot_root
 * (prestart, createRuntime, createContainer, startContainer), AppArmor and SELinux labels; nor
 * where there is no stub for the machine. {@link dev.pier.runtime.container.Launcher}'s JVM init serves those.
 */
public final class StubLauncher {
    private static final Map<String, Integer> TYPES = Map.of("pid", CLONE_NEWPID, "network", CLONE_NEWNET,
            "ipc", CLONE_NEWIPC, "uts", CLONE_NEWUTS, "mount", CLONE_NEWNS, "cgroup", CLONE_NEWCGROUP);

    /** What the thread leaves: the stub's pid and the plan to hand it before start. */
    private record Started(int pid, byte[] plan) {}

    private StubLauncher() {}

    /** Whether a container of {@code spec} can start this way. */
    public static boolean supports(Spec spec, LaunchOptions options) {
        if (!InitStub.available() || spec.linux() == null || options.noPivot() || spec.process().isTerminal()) {
            return false;
        }
        List<LinuxNamespace> namespaces = spec.linux().namespaces();
        boolean newMountNamespace = namespaces.stream().anyMatch(n -> n.type().equals("mount") && isNew(n));
        boolean user = namespaces.stream().anyMatch(n -> n.type().equals("user"));
        Hooks h = spec.hooks();
        boolean earlyHooks = h != null && !(h.prestart().isEmpty() && h.createRuntime().isEmpty()
                && h.createContainer().isEmpty() && h.startContainer().isEmpty());
        // the labels are written by the process that execs, through a file it opens: the JVM init does that
        boolean labels = spec.process().apparmorProfile() != null || spec.process().selinuxLabel() != null
                || spec.linux().mountLabel() != null;
        return newMountNamespace && !user && !earlyHooks && !labels;
    }

    /** Work the caller does while the namespace thread prepares the container (see {@link #launch}). */
    public interface Meanwhile {
        void run() throws java.io.IOException;
    }

    /**
     * Makes exec.fifo, starts the stub of container {@code info} (its standard streams are
     * {@code stdio}, three descriptors of this process), builds its root filesystem, puts it in
     * the container's cgroups and leaves it its plan; returns its pid. The namespace thread does
     * most of that, from the fifo on (its first native call, which may still wait for the calls'
     * linking), while the calling thread runs {@code meanwhile} (writing the state files, say), so
     * that the two overlap. On failure of either the stub is killed.
     */
    public static int launch(Path stub, StateDir dir, Spec spec, ContainerInfo info, LaunchOptions options, int[] stdio,
            byte[] seccomp, Meanwhile meanwhile) throws java.io.IOException {
        Path planFile = dir.dir().resolve("init.plan");
        java.nio.file.Files.write(planFile, new byte[0]);
        NamespaceThread.Running<Started> thread = NamespaceThread.start("pier-init-" + info.id(),
                () -> prepare(stub, dir, planFile, spec, info, options, stdio, seccomp));
        try {
            meanwhile.run();
        } catch (java.io.IOException | RuntimeException e) {
            try {
                kill(thread.join().pid());
            } catch (java.io.IOException | RuntimeException late) {
                e.addSuppressed(late);   // the thread failed too, and killed its stub if it had started one
            }
            throw e;
        }
        Started started;
        try {
            started = thread.join();
        } catch (java.io.IOException e) {
            throw new RuntimeError("cannot create the container's root filesystem: " + e.getMessage(), e);
        }
        int pid = started.pid();
        try {
            java.nio.file.Files.write(planFile, started.plan());   // the same file the stub holds open
            java.nio.file.Files.delete(planFile);
            joinCgroups(pid, info);
            new ProcessSetup(spec.process()).writeOomScoreAdj(Path.of("/proc/" + pid));
            return pid;
        } catch (java.io.IOException | RuntimeException e) {
            kill(pid);
            throw e;
        }
    }

    /** Kills the stub {@code pid}, a child of this process, and reaps it (after a failure before its start). */
    static void kill(int pid) {
        Libc.kill(pid, 9);
        Libc.waitpid(pid, 0);
    }

    /** Moves process {@code pid} into the cgroups of container {@code info} (from this process: the host's view). */
    static void joinCgroups(int pid, ContainerInfo info) throws java.io.IOException {
        for (String d : info.cgroupDirs()) {
            Path procs = Path.of(d).resolve("cgroup.procs");
            if (java.nio.file.Files.exists(procs)) {
                java.nio.file.Files.writeString(procs, String.valueOf(pid));
            }
        }
    }

    /** On the new thread: namespaces, the stub, the root filesystem, the plan. */
    private static Started prepare(Path stub, StateDir dir, Path planFile, Spec spec, ContainerInfo info, LaunchOptions options,
            int[] stdio, byte[] seccomp) throws java.io.IOException {
        Libc.mkfifo(dir.execFifo().toString(), 0600);   // in the host's mount namespace still
        enterNamespaces(spec);
        int pid = spawn(stub, dir, planFile, options, stdio);
        try {
            boolean pidNamespace = spec.linux().namespace("pid").isPresent();
            Rootfs rootfs = new Rootfs(spec, Path.of(info.rootfs()), Path.of(info.bundle()), options.userNamespace(),
                    info.cgroupDirs().stream().map(Path::of).toList(),
                    pidNamespace ? Optional.of(Path.of("/proc/" + pid + "/ns/pid")) : Optional.empty());
            rootfs.prepare();
            ContainerInit.setNames(spec);
            ContainerInit.loopbackUp(spec);
            ProcessSetup process = new ProcessSetup(spec.process());
            loadClassesFor(process, seccomp, options);
            rootfs.enter(false);
            ContainerInit.writeSysctls(spec);
            process.createDirectory();
            rootfs.finish();
            String executable = process.executable();
            SyscallPlan prologue = new SyscallPlan();
            if (spec.linux().namespace("cgroup").filter(StubLauncher::isNew).isPresent()) {
                // the stub is in the container's cgroup by then, so that becomes the namespace's root
                prologue.call("unshare the cgroup namespace", SyscallPlan.UNSHARE, (long) CLONE_NEWCGROUP);
            }
            prologue.call("setsid", SyscallPlan.SETSID);
            return new Started(pid, process.plan(executable, seccomp, options.preserveFds(), prologue).encodeForStub());
        } catch (RuntimeException | java.io.IOException e) {
            kill(pid);
            throw e;
        }
    }

    /**
     * Loads the classes the thread needs after pivot_root, when the class path (a jar or
     * directory on the host) is out of its reach: by building a plan once, and naming the errors.
     */
    private static void loadClassesFor(ProcessSetup process, byte[] seccomp, LaunchOptions options) {
        process.plan("/", seccomp, options.preserveFds(), new SyscallPlan()).encode();
        Preload.errorClasses();
    }

    /** Joins the namespaces the spec names by path, then unshares the new ones (this thread only). */
    private static void enterNamespaces(Spec spec) {
        int flags = CLONE_FS;   // this thread's root and working directory become its own
        Libc.unshare(flags);
        for (LinuxNamespace ns : spec.linux().namespaces()) {
            Integer type = TYPES.get(ns.type());
            if (type == null) {
                throw new RuntimeError("unknown namespace type " + ns.type());
            }
            if (!isNew(ns)) {
                int fd = Libc.open(ns.path(), O_RDONLY | O_CLOEXEC, 0);
                try {
                    Libc.setns(fd, type);
                } finally {
                    Libc.close(fd);
                }
            } else if (type != CLONE_NEWCGROUP) {   // the stub creates that one after joining the cgroup
                flags |= type;
            }
        }
        Libc.unshare(flags & ~CLONE_FS);
    }

    private static int spawn(Path stub, StateDir dir, Path planFile, LaunchOptions options, int[] stdio) {
        int fifo = Libc.open(dir.execFifo().toString(), O_RDWR | O_CLOEXEC, 0);
        int plan = Libc.open(planFile.toString(), O_RDONLY | O_CLOEXEC, 0);
        try {
            List<Spawn.Dup> dups = Spawn.Dup.standard(stdio, options.preserveFds());
            dups.add(new Spawn.Dup(fifo, InitStub.FIFO_FD));
            dups.add(new Spawn.Dup(plan, InitStub.PLAN_FD));
            return Spawn.spawn(stub.toString(), List.of("pier-init"), List.of(), dups, "/");
        } finally {
            Libc.close(fifo);
            Libc.close(plan);
        }
    }

    private static boolean isNew(LinuxNamespace ns) {
        return ns.path() == null || ns.path().isEmpty();
    }
}
