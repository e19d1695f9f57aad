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

    /** Sets rlimits and oom_score_adj (process-wide). */
    void limits() throws IOException {
        for (Rlimit r : process.rlimits()) {
            Libc.setrlimit(Rlimits.number(r.type()), r.soft().longValue(), r.hard().longValue());
        }
        if (process.oomScoreAdj() != null) {
            Files.writeString(Path.of("/proc/self/oom_score_adj"), String.valueOf(process.oomScoreAdj()));
        }
    }

    /**
     * Drops the bounding set, switches to the user (keeping the permitted capabilities), sets the
     * effective, permitted, inheritable and ambient sets, and execs — loading {@code seccomp}
     * before the capabilities are dropped when no_new_privs is off (it needs CAP_SYS_ADMIN then),
     * otherwise last.
     */
    void exec(String executable, Seccomp seccomp, int preserveFds) {
        LinuxCapabilities caps = process.capabilities() == null
                ? new LinuxCapabilities(null, null, null, null, null) : process.capabilities();
        long bounding = Capabilities.mask(caps.bounding());
        long effective = Capabilities.mask(caps.effective());
        long permitted = Capabilities.mask(caps.permitted());
        long inheritable = Capabilities.mask(caps.inheritable());
        int last = Capabilities.lastCap();
        for (int cap = 0; cap <= last; cap++) {
            if ((bounding & (1L << cap)) == 0) {
                Libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
            }
        }
        if (seccomp != null && !process.isNoNewPrivileges()) {
            seccomp.load();
        }
        Libc.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
        var user = process.user();
        try {
            Libc.setgroups(user.additionalGids());
        } catch (dev.pier.runtime.sys.SysException e) {
            if (!user.additionalGids().isEmpty()) {
                throw e;   // setgroups is denied in a rootless user namespace; fine when none are asked for
            }
        }
        Libc.setresgid((int) user.gid(), (int) user.gid(), (int) user.gid());
        Libc.setresuid((int) user.uid(), (int) user.uid(), (int) user.uid());
        Capabilities.set(effective, permitted, inheritable);
        Libc.prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
        Libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        for (String name : caps.ambient()) {
            try {
                Libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, Capabilities.number(name), 0, 0);
            } catch (dev.pier.runtime.sys.SysException e) {
                // not in the permitted and inheritable sets: runc ignores it too
            }
        }
        if (process.isNoNewPrivileges()) {
            Libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        }
        Libc.closeRange(3 + preserveFds, Integer.MAX_VALUE, CLOSE_RANGE_CLOEXEC);
        Libc.unblockAllSignals();
        if (seccomp != null && process.isNoNewPrivileges()) {
            seccomp.load();
        }
        Libc.execve(executable, process.args(), process.env());
    }

    /** Creates the working directory when it is missing, as runc does (before the root becomes read-only). */
    void createDirectory() throws IOException {
        Path cwd = Path.of(process.cwd());
        if (!Files.isDirectory(cwd)) {
            Files.createDirectories(cwd);
        }
    }

    /** The umask and working directory. */
    void directory() {
        Libc.chdir(process.cwd());
        Libc.umask(process.user().umask() == null ? 022 : process.user().umask());
    }
}
