package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxCapabilities;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.spec.Rlimit;
import dev.pier.runtime.sys.Capabilities;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Rlimits;
import dev.pier.runtime.sys.Seccomp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The last steps of the init, on the thread that calls execve: limits, user and groups,
 * capabilities (all five sets), no_new_privs, seccomp, and the program itself.
 */
final class ProcessSetup {
    private final Process process;

    ProcessSetup(Process process) {
        this.process = process;
    }

    /** The program to execute: {@code args[0]}, looked up in the container's PATH when it has no slash. */
    String executable() {
        String arg0 = process.args().getFirst();
        if (arg0.contains("/")) {
            Path p = Path.of(process.cwd()).resolve(arg0);
            if (!Files.exists(p)) {
                throw new RuntimeError("exec: " + arg0 + ": no such file or directory");
            }
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new RuntimeError("exec: " + arg0 + ": permission denied (not an executable file)");
            }
            return arg0;
        }
        String path = process.env().stream().filter(e -> e.startsWith("PATH=")).map(e -> e.substring(5)).findFirst()
                .orElse("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(arg0);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new RuntimeError("exec: \"" + arg0 + "\": executable file not found in $PATH");
    }

    /**
     * Makes this thread's execve enter the process's AppArmor profile and SELinux label, with the
     * privileges still held; a profile the kernel does not know fails here, before the container starts.
     */
    void securityLabels() {
        dev.pier.runtime.sys.SecurityModules.setExecLabels(process.apparmorProfile(), process.selinuxLabel());
    }

    /** The oom_score_adj the process asks for, written into {@code /proc/PID/oom_score_adj} by whoever starts it. */
    void writeOomScoreAdj(Path procPid) throws IOException {
        if (process.oomScoreAdj() != null) {
            Files.writeString(procPid.resolve("oom_score_adj"), String.valueOf(process.oomScoreAdj()));
        }
    }

    /**
     * The system calls from here to the program, in runc's order: signal mask, rlimits, working
     * directory and umask, the bounding set dropped, the user (keeping the permitted
     * capabilities), the effective, permitted, inheritable and ambient sets, no_new_privs, and
     * execve — with {@code seccomp} (a BPF program) loaded before the capabilities are dropped
     * when no_new_privs is off (it needs CAP_SYS_ADMIN then), otherwise last. {@code prologue}
     * calls come first.
     */
    SyscallPlan plan(String executable, byte[] seccomp, int preserveFds, SyscallPlan prologue) {
        SyscallPlan plan = prologue;
        LinuxCapabilities caps = process.capabilities() == null
                ? new LinuxCapabilities(null, null, null, null, null) : process.capabilities();
        plan.call("unblocking signals", SyscallPlan.RT_SIGPROCMASK, 2L /* SIG_SETMASK */, plan.words(0L), 0L, 8L);
        for (Rlimit r : process.rlimits()) {
            plan.call("setrlimit " + r.type(), SyscallPlan.PRLIMIT64, 0L, (long) Rlimits.number(r.type()),
                    plan.words(r.soft().longValue(), r.hard().longValue()), 0L);
        }
        plan.call("chdir " + process.cwd(), SyscallPlan.CHDIR, plan.string(process.cwd()));
        plan.mayFail(SyscallPlan.UMASK, (long) (process.user().umask() == null ? 022 : process.user().umask()));
        long bounding = Capabilities.mask(caps.bounding());
        for (int cap = 0; cap <= Capabilities.lastCap(); cap++) {
            if ((bounding & (1L << cap)) == 0) {
                plan.call("dropping capability " + cap + " from the bounding set", SyscallPlan.PRCTL, (long) PR_CAPBSET_DROP, (long) cap);
            }
        }
        SyscallPlan.Ref filter = seccomp == null ? null : plan.words((long) (seccomp.length / 8), plan.bytes(seccomp));
        if (filter != null && !process.isNoNewPrivileges()) {
            plan.call("loading the seccomp filter", SyscallPlan.SECCOMP, 1L /* SET_MODE_FILTER */, 0L, filter);
        }
        user(plan);
        long[] sets = {Capabilities.mask(caps.effective()), Capabilities.mask(caps.permitted()), Capabilities.mask(caps.inheritable())};
        byte[] data = new byte[24];
        for (int i = 0; i < 3; i++) {
            putInt(data, i * 4, (int) sets[i]);
            putInt(data, 12 + i * 4, (int) (sets[i] >>> 32));
        }
        plan.call("capset", SyscallPlan.CAPSET, plan.words(0x20080522L), plan.bytes(data));
        plan.call("prctl PR_SET_KEEPCAPS", SyscallPlan.PRCTL, (long) PR_SET_KEEPCAPS, 0L);
        plan.call("clearing the ambient set", SyscallPlan.PRCTL, (long) PR_CAP_AMBIENT, (long) PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L);
        for (String name : caps.ambient()) {   // not in the permitted and inheritable sets: runc ignores it too
            plan.mayFail(SyscallPlan.PRCTL, (long) PR_CAP_AMBIENT, (long) PR_CAP_AMBIENT_RAISE, (long) Capabilities.number(name), 0L, 0L);
        }
        if (process.isNoNewPrivileges()) {
            plan.call("prctl PR_SET_NO_NEW_PRIVS", SyscallPlan.PRCTL, (long) PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L);
        }
        plan.call("close_range", SyscallPlan.CLOSE_RANGE, (long) (3 + preserveFds), 0xffffffffL, (long) CLOSE_RANGE_CLOEXEC);
        if (filter != null && process.isNoNewPrivileges()) {
            plan.call("loading the seccomp filter", SyscallPlan.SECCOMP, 1L, 0L, filter);
        }
        plan.call("exec " + executable, SyscallPlan.EXECVE, plan.string(executable), plan.strings(process.args()), plan.strings(process.env()));
        return plan;
    }

    /** Keeps the permitted capabilities across the switch to the user and its groups. */
    private void user(SyscallPlan plan) {
        var user = process.user();
        plan.call("prctl PR_SET_KEEPCAPS", SyscallPlan.PRCTL, (long) PR_SET_KEEPCAPS, 1L);
        Object[] gids = user.additionalGids().stream().map(g -> (Object) g).toArray();
        SyscallPlan.Ref groups = plan.bytes(intArray(user.additionalGids()));
        if (user.additionalGids().isEmpty()) {   // setgroups is denied in a rootless user namespace; fine when none are asked for
            plan.mayFail(SyscallPlan.SETGROUPS, 0L, groups);
        } else {
            plan.call("setgroups", SyscallPlan.SETGROUPS, (long) gids.length, groups);
        }
        plan.call("setresgid " + user.gid(), SyscallPlan.SETRESGID, user.gid(), user.gid(), user.gid());
        plan.call("setresuid " + user.uid(), SyscallPlan.SETRESUID, user.uid(), user.uid(), user.uid());
    }

    private static byte[] intArray(java.util.List<Long> values) {
        byte[] b = new byte[Math.max(4, values.size() * 4)];
        for (int i = 0; i < values.size(); i++) {
            putInt(b, i * 4, values.get(i).intValue());
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Creates the working directory when it is missing, as runc does (before the root becomes read-only). */
    void createDirectory() throws IOException {
        Path cwd = Path.of(process.cwd());
        if (!Files.isDirectory(cwd)) {
            Files.createDirectories(cwd);
        }
    }

}
