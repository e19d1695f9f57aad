package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.ContainerInfo;
import dev.pier.runtime.spec.Box;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Spawn;
import dev.pier.runtime.sys.UserNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Starts a process in a running container with no JVM inside it ({@code exec}): the
 * {@link InitStub} joins the container and execs the program. This JVM opens the container's
 * {@code /proc/PID/ns/*} from the host side (so a user namespace that root made for another
 * host uid is no obstacle), looks the program up in the container's mount namespace on a
 * thread of its own (and opens the pty there with {@code process.terminal}), and starts the stub
 * with posix_spawn from a thread that joined the container's pid namespace (it applies to the
 * children). The stub holds the namespace descriptors at {@link #NS_FD} and up and waits for a
 * byte on a pipe ({@link InitStub#FIFO_FD}, never exec.fifo) until this JVM has put it in the
 * container's cgroups; its plan then joins the mount, uts, ipc, net and cgroup namespaces and,
 * last, the user namespace (only a single-threaded process may: the stub is one), and carries
 * out what {@link ProcessSetup} plans for a process, as for the container's own.
 *
 * <p>Not for: AppArmor and SELinux labels (written by the process that execs, through a file it
 * opens), a pier-runc that is not root, nor machines without a stub; {@link ExecInit}, a JVM
 * behind {@code nsenter --user}, serves those.
 */
public final class ExecLauncher {
    /** The stub finds the namespaces it joins at this descriptor and the next ones. */
    static final int NS_FD = 1010;
    /** In the order the stub joins them: the user namespace last, once the others were joined as host root. */
    private static final List<String> NAMESPACES = List.of("mnt", "uts", "ipc", "net", "cgroup", "user");
    private static final int[] TYPES = {CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWUSER};

    /** A namespace of the container that this process is not in: {@code fd} is open on it. */
    private record Joined(String name, int type, int fd) {}

    private ExecLauncher() {}

    /**
     * Whether {@code process} can start this way: this process must be root (of its user
     * namespace, as in rootless pier's store namespace), since it joins the container's mount and
     * pid namespaces itself, which takes CAP_SYS_CHROOT and CAP_SYS_ADMIN where it is.
     */
    public static boolean supports(Process process) {
        return InitStub.available() && "root".equals(System.getProperty("user.name"))
                && process.apparmorProfile() == null && process.selinuxLabel() == null;
    }

    /**
     * Starts {@code process} in the running container {@code info} through {@code stub}, with
     * this process's standard streams (the pty's slave with {@code process.terminal}, whose master
     * goes to {@code consoleSocket}); {@code seccomp} is the container's filter as BPF, or null.
     * Returns the process's pid once it is in the container's cgroups and on its way to execve;
     * a failure after that is the stub's (exit status 127, the call and errno on stderr).
     */
    public static int launch(Path stub, ContainerInfo info, Process process, byte[] seccomp, Optional<String> consoleSocket)
            throws IOException {
        ProcessSetup setup = new ProcessSetup(process);
        List<Integer> opened = new ArrayList<>();   // closed on the way out: the stub has its own copies
        try {
            List<Joined> joined = new ArrayList<>();
            for (int i = 0; i < NAMESPACES.size(); i++) {
                Optional<Integer> fd = open(info.pid(), NAMESPACES.get(i), opened);
                if (fd.isPresent()) {
                    joined.add(new Joined(NAMESPACES.get(i), TYPES[i], fd.get()));
                }
            }
            Optional<Integer> pidNamespace = open(info.pid(), "pid", opened);
            Terminal terminal = process.isTerminal() ? Terminal.connect(consoleSocket.orElse(null)) : null;   // a host path
            Optional<long[]> root = terminal != null && joined.stream().anyMatch(j -> j.type() == CLONE_NEWUSER)
                    ? rootOf(info.pid()) : Optional.empty();
            int[] stdio = {0, 1, 2};
            String executable = inContainer(joined, () -> {
                String found = setup.executable();
                if (terminal != null) {
                    // the pty belongs to whoever opens it: the container's root, as when runc's init opens it
                    root.ifPresent(ids -> Libc.setFsIds(ids[0], ids[1]));
                    int slave = terminal.openForExec();
                    opened.add(slave);
                    Arrays.fill(stdio, slave);
                }
                return found;
            });
            int planFd = planFile(setup.plan(executable, seccomp, 0, prologue(joined, process)).encodeForStub(), opened);
            int[] go = Libc.pipe();
            opened.add(go[0]);
            opened.add(go[1]);
            List<Spawn.Dup> dups = Spawn.Dup.standard(stdio, 0);
            dups.add(new Spawn.Dup(go[0], InitStub.FIFO_FD));
            dups.add(new Spawn.Dup(planFd, InitStub.PLAN_FD));
            for (int i = 0; i < joined.size(); i++) {
                dups.add(new Spawn.Dup(joined.get(i).fd(), NS_FD + i));
            }
            int pid = NamespaceThread.run("pier-exec-" + info.id(), () -> {
                pidNamespace.ifPresent(fd -> Libc.setns(fd, CLONE_NEWPID));
                return Spawn.spawn(stub.toString(), List.of("pier-exec"), List.of(), dups, "/");
            });
            release(pid, go[1], info, setup);
            return pid;
        } finally {
            opened.forEach(Libc::close);
        }
    }

    /** The plan in a memfd, read from its start. */
    private static int planFile(byte[] plan, List<Integer> opened) {
        int fd = Libc.memfdCreate("pier-exec-plan");
        opened.add(fd);
        Libc.write(fd, plan);
        Libc.seek(fd, 0);
        return fd;
    }

    /** The host uid and gid of the root of process {@code pid}'s user namespace, if it has one. */
    private static Optional<long[]> rootOf(int pid) throws IOException {
        java.util.OptionalLong uid = UserNamespace.outsideIdOfRoot(Path.of("/proc/" + pid + "/uid_map"));
        java.util.OptionalLong gid = UserNamespace.outsideIdOfRoot(Path.of("/proc/" + pid + "/gid_map"));
        return uid.isPresent() && gid.isPresent() ? Optional.of(new long[] {uid.getAsLong(), gid.getAsLong()}) : Optional.empty();
    }

    /** The calls before the process's own: the namespaces, a new session, the terminal. */
    private static SyscallPlan prologue(List<Joined> joined, Process process) {
        SyscallPlan plan = new SyscallPlan();
        for (int i = 0; i < joined.size(); i++) {
            plan.call("setns " + joined.get(i).name(), SyscallPlan.SETNS, (long) (NS_FD + i), (long) joined.get(i).type());
        }
        plan.call("setsid", SyscallPlan.SETSID);
        if (process.isTerminal()) {
            plan.call("making the pty the controlling terminal", SyscallPlan.IOCTL, 0L, TIOCSCTTY, 0L);
            Box size = process.consoleSize();
            if (size != null) {
                byte[] winsize = {(byte) size.height(), (byte) (size.height() >>> 8), (byte) size.width(), (byte) (size.width() >>> 8),
                    0, 0, 0, 0};
                plan.call("setting the terminal's size", SyscallPlan.IOCTL, 0L, TIOCSWINSZ, plan.bytes(winsize));
            }
        }
        return plan;
    }

    /**
     * Puts the stub in the container's cgroups, writes its oom_score_adj, and lets it go (a byte
     * on its pipe); kills it when any of that fails.
     */
    private static void release(int pid, int go, ContainerInfo info, ProcessSetup setup) throws IOException {
        try {
            StubLauncher.joinCgroups(pid, info);
            setup.writeOomScoreAdj(Path.of("/proc/" + pid));
            Libc.write(go, new byte[] {'1'});
        } catch (IOException | RuntimeException e) {
            StubLauncher.kill(pid);
            throw e;
        }
    }

    /**
     * A descriptor of namespace {@code name} of process {@code pid} (added to {@code opened}),
     * where this process is in another one.
     */
    private static Optional<Integer> open(int pid, String name, List<Integer> opened) throws IOException {
        Optional<Integer> fd = openOther(pid, name);
        fd.ifPresent(opened::add);
        return fd;
    }

    /** A descriptor (close-on-exec) of namespace {@code name} of process {@code pid}, where this process is in another one. */
    static Optional<Integer> openOther(int pid, String name) throws IOException {
        Path theirs = Path.of("/proc/" + pid + "/ns/" + name);
        if (Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + name)))) {
            return Optional.empty();
        }
        return Optional.of(Libc.open(theirs.toString(), O_RDONLY | O_CLOEXEC, 0));
    }

    /**
     * Runs {@code work} on a new thread that joined the container's mount namespace (when it has
     * its own), so that paths are the container's. The classes it needs are loaded first: the
     * class path may be out of that thread's reach.
     */
    private static <T> T inContainer(List<Joined> joined, NamespaceThread.Work<T> work) throws IOException {
        Preload.errorClasses();
        Optional<Joined> mount = joined.stream().filter(j -> j.type() == CLONE_NEWNS).findFirst();
        return NamespaceThread.run("pier-exec-lookup", () -> {
            if (mount.isPresent()) {
                Libc.unshare(CLONE_FS);   // this thread's root and working directory become its own
                Libc.setns(mount.get().fd(), CLONE_NEWNS);
            }
            return work.run();
        });
    }
}
