package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.CLONE_NEWUSER;
import static dev.pier.runtime.sys.Flags.O_CLOEXEC;
import static dev.pier.runtime.sys.Flags.O_RDONLY;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxIdMapping;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Spawn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a program in a new user namespace with any number of uid and gid mappings, as runc
 * maps them (unshare(1) of util-linux 2.38 takes one of each). The user namespace has to be made
 * by a single-threaded process: the {@link InitStub}, started with posix_spawn (behind
 * {@code nsenter} when the spec joins namespaces by path, so they are joined first, as runc
 * does), carries out a plan that unshares CLONE_NEWUSER, says so on a pipe and waits on another.
 * This JVM then writes the mappings — {@code /proc/PID/uid_map} and {@code gid_map} directly as
 * root, through newuidmap and newgidmap otherwise — and lets the stub go on: it becomes uid and
 * gid 0 of the namespace (so that its capabilities there survive execve; the mappings must
 * include 0, as runc requires) and execs the given command, which creates the other namespaces.
 */
public final class UserNamespaceLauncher {
    /** The stub writes a byte here once it is in the new user namespace. */
    private static final int UNSHARED_FD = 1021;
    /** The stub reads a byte from here once the mappings are written. */
    private static final int MAPPED_FD = 1020;

    private UserNamespaceLauncher() {}

    /**
     * Starts {@code command} (its first element an absolute path) in a new user namespace mapped
     * as {@code spec} says, after {@code join} (a command ending in {@code --} that joins
     * namespaces and execs the rest, or empty), with standard streams {@code stdio} and the
     * {@code preserveFds} descriptors after them, and the {@code inherited} ones; returns the pid of the process that became
     * {@code command} (the stub's). The stub's executable is written to {@code stateDir}.
     */
    public static int launch(Path stateDir, Spec spec, List<String> join, List<String> command, List<String> env,
            int[] stdio, int preserveFds, List<Spawn.Dup> inherited) throws IOException {
        Path stub = InitStub.install(stateDir).orElseThrow(() -> new RuntimeError("no init stub for this machine"));
        Path planFile = stateDir.resolve("userns.plan");
        Files.write(planFile, plan(command, env).encode());
        int[] go = Libc.pipe();          // the stub's exec.fifo: ready at once
        int[] unshared = Libc.pipe();
        int[] mapped = Libc.pipe();
        int plan = Libc.open(planFile.toString(), O_RDONLY | O_CLOEXEC, 0);
        int pid;
        try {
            Libc.write(go[1], new byte[] {1});
            List<Spawn.Dup> dups = Spawn.Dup.standard(stdio, preserveFds);
            dups.addAll(inherited);
            dups.add(new Spawn.Dup(go[0], InitStub.FIFO_FD));
            dups.add(new Spawn.Dup(plan, InitStub.PLAN_FD));
            dups.add(new Spawn.Dup(unshared[1], UNSHARED_FD));
            dups.add(new Spawn.Dup(mapped[0], MAPPED_FD));
            List<String> argv = new ArrayList<>(join);
            argv.add(stub.toString());
            pid = Spawn.spawn(argv.getFirst(), join.isEmpty() ? List.of("pier-init") : argv, env, dups, "/");
        } finally {
            for (int fd : new int[] {go[0], go[1], unshared[1], mapped[0], plan}) {
                Libc.close(fd);
            }
            Files.deleteIfExists(planFile);
        }
        try {
            if (Libc.read(unshared[0], 1).length != 1) {
                throw new RuntimeError("the container's init exited before it created the user namespace");
            }
            writeMappings(pid, spec.linux().uidMappings(), spec.linux().gidMappings());
            Libc.write(mapped[1], new byte[] {1});
            return pid;
        } catch (RuntimeException e) {
            StubLauncher.kill(pid);
            throw e;
        } finally {
            Libc.close(unshared[0]);
            Libc.close(mapped[1]);
        }
    }

    /**
     * Makes {@code files} (the fifos and the status file the init opens) the container's root's
     * where this process is root: root of a new user namespace is another uid on the host, whose
     * capabilities do not reach files of host ids it does not map (runc chowns its exec.fifo so).
     */
    public static void giveToContainerRoot(Spec spec, List<Path> files) throws IOException {
        if (!isEffectiveRoot()) {
            return;   // rootless: the container's root is this user
        }
        long uid = hostId(spec.linux().uidMappings(), "uid");
        long gid = hostId(spec.linux().gidMappings(), "gid");
        for (Path f : files) {
            Files.setAttribute(f, "unix:uid", Math.toIntExact(uid), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(f, "unix:gid", Math.toIntExact(gid), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The host id that id 0 of the namespace maps to. */
    static long hostId(List<LinuxIdMapping> maps, String what) {
        return maps.stream().filter(m -> m.containerID() == 0 && m.size() > 0).findFirst()
                .orElseThrow(() -> new RuntimeError("the " + what + " mappings of the user namespace do not map " + what + " 0 (the container's root)"))
                .hostID();
    }

    /** The stub's plan: the user namespace, the hand-shake, uid and gid 0 there, execve. */
    static SyscallPlan plan(List<String> command, List<String> env) {
        SyscallPlan plan = new SyscallPlan();
        plan.call("unshare the user namespace", SyscallPlan.UNSHARE, (long) CLONE_NEWUSER);
        SyscallPlan.Ref buffer = plan.bytes(new byte[8]);
        plan.call("report the user namespace", SyscallPlan.WRITE, (long) UNSHARED_FD, buffer, 1L);
        plan.call("wait for the id mappings", SyscallPlan.READ, (long) MAPPED_FD, buffer, 1L);
        plan.call("close", SyscallPlan.CLOSE, (long) UNSHARED_FD);
        plan.call("close", SyscallPlan.CLOSE, (long) MAPPED_FD);
        plan.mayFail(SyscallPlan.SETGROUPS, 0L, 0L);   // denied where newgidmap wrote "deny" to setgroups
        plan.call("setresgid 0 in the user namespace (do the gidMappings map 0?)", SyscallPlan.SETRESGID, 0L, 0L, 0L);
        plan.call("setresuid 0 in the user namespace (do the uidMappings map 0?)", SyscallPlan.SETRESUID, 0L, 0L, 0L);
        plan.call("execve " + command.getFirst(), SyscallPlan.EXECVE, plan.string(command.getFirst()), plan.strings(command),
                plan.strings(env));
        return plan;
    }

    /**
     * Writes the mappings of the user namespace that process {@code pid} is in: directly where
     * this process has effective uid 0, through newuidmap/newgidmap (which check /etc/subuid and
     * /etc/subgid) otherwise.
     */
    static void writeMappings(int pid, List<LinuxIdMapping> uids, List<LinuxIdMapping> gids) {
        if (uids.isEmpty() || gids.isEmpty()) {
            throw new RuntimeError("a new user namespace needs linux.uidMappings and linux.gidMappings");
        }
        if (isEffectiveRoot()) {
            write(Path.of("/proc/" + pid + "/uid_map"), uids);
            write(Path.of("/proc/" + pid + "/gid_map"), gids);
        } else {
            run("newuidmap", pid, uids);
            run("newgidmap", pid, gids);
        }
    }

    private static void write(Path file, List<LinuxIdMapping> maps) {
        StringBuilder lines = new StringBuilder();
        maps.forEach(m -> lines.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n'));
        try {
            Files.writeString(file, lines);   // one write(2): the kernel takes the whole map at once
        } catch (IOException e) {
            throw new RuntimeError("cannot write " + file + " (" + lines.toString().strip().replace('\n', ',') + "): " + e.getMessage(), e);
        }
    }

    private static void run(String tool, int pid, List<LinuxIdMapping> maps) {
        List<String> cmd = new ArrayList<>(List.of(tool, String.valueOf(pid)));
        for (LinuxIdMapping m : maps) {
            cmd.addAll(List.of(String.valueOf(m.containerID()), String.valueOf(m.hostID()), String.valueOf(m.size())));
        }
        try {
            java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new RuntimeError(String.join(" ", cmd) + " failed: " + (out.isEmpty() ? "exit status " + p.exitValue() : out.lines().findFirst().orElse(out)));
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot run " + tool + " (apt-get install uidmap): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted while mapping the user namespace", e);
        }
    }

    private static boolean isEffectiveRoot() {
        try {
            for (String line : dev.pier.runtime.sys.ProcFiles.read(Path.of("/proc/self/status")).split("\n")) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        return false;
    }
}
