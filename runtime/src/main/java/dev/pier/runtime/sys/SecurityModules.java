package dev.pier.runtime.sys;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's AppArmor and SELinux, as a runtime needs them: whether each is enabled, and the
 * label a process takes at its next execve, written to {@code /proc/thread-self/attr} (the thread
 * that will call execve: in a JVM that is not the process's first thread, so {@code /proc/self}
 * would name another task, whose attributes only it may write).
 */
public final class SecurityModules {
    private static final Path APPARMOR_ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");
    private static final Path SELINUX_ENFORCE = Path.of("/sys/fs/selinux/enforce");

    private SecurityModules() {}

    /** Whether AppArmor is enabled: its module parameter {@code enabled} says Y (as runc checks). */
    public static boolean apparmorEnabled() {
        try {
            return ProcFiles.read(APPARMOR_ENABLED).startsWith("Y");
        } catch (IOException e) {
            return false;   // no AppArmor in this kernel
        }
    }

    /** Whether SELinux is enabled: selinuxfs is mounted at {@code /sys/fs/selinux}. */
    public static boolean selinuxEnabled() {
        return Files.exists(SELINUX_ENFORCE);
    }

    /**
     * Refuses labels this host cannot apply, as runc does (it fails a container whose profile it
     * cannot apply): an AppArmor profile without AppArmor, an SELinux label without SELinux.
     * {@code unconfined} needs nothing.
     *
     * A mount label without SELinux is refused too: runc passes it to the kernel, which refuses the
     * mount with EINVAL; this says why.
     *
     * @param apparmorProfile the profile asked for, or null
     * @param selinuxLabel the process label asked for, or null
     * @param mountLabel the mount label asked for, or null
     * @throws RuntimeError naming the label and the missing module
     */
    public static void requireFor(String apparmorProfile, String selinuxLabel, String mountLabel) {
        if (present(apparmorProfile) && !apparmorProfile.equals("unconfined") && !apparmorEnabled()) {
            throw new RuntimeError("apparmor profile " + apparmorProfile + " is specified, but AppArmor is not enabled on this host ("
                    + APPARMOR_ENABLED + " is missing or not Y)");
        }
        if (present(selinuxLabel) && !selinuxEnabled()) {
            throw new RuntimeError("selinux label " + selinuxLabel + " is specified, but SELinux is disabled or not supported on this host"
                    + " (no selinuxfs at /sys/fs/selinux)");
        }
        if (present(mountLabel) && !selinuxEnabled()) {
            throw new RuntimeError("mount label " + mountLabel + " is specified, but SELinux is disabled or not supported on this host"
                    + " (no selinuxfs at /sys/fs/selinux)");
        }
    }

    /**
     * Makes the calling thread's next execve enter {@code apparmorProfile} and {@code selinuxLabel}
     * (either may be null); {@code unconfined} without AppArmor does nothing. Call {@link #requireFor}
     * first: this writes what it is given.
     *
     * @throws RuntimeError when the kernel refuses (an unknown profile or label)
     */
    public static void setExecLabels(String apparmorProfile, String selinuxLabel) {
        if (present(apparmorProfile) && (apparmorEnabled() || !apparmorProfile.equals("unconfined"))) {
            Path attr = Path.of("/proc/thread-self/attr/apparmor/exec");
            write(Files.exists(attr) ? attr : Path.of("/proc/thread-self/attr/exec"), "exec " + apparmorProfile,
                    "apparmor profile " + apparmorProfile);
        }
        if (present(selinuxLabel)) {
            write(Path.of("/proc/thread-self/attr/exec"), selinuxLabel, "selinux label " + selinuxLabel);
        }
    }

    /**
     * A mount's data with SELinux's {@code context=} option for {@code mountLabel}, as runc adds it
     * to the filesystems it creates (not to bind mounts, proc, sysfs, mqueue or cgroup, which keep
     * their own labels).
     */
    public static String withMountLabel(String type, String data, String mountLabel) {
        if (!present(mountLabel) || type == null || java.util.Set.of("proc", "sysfs", "mqueue", "cgroup", "cgroup2", "bind").contains(type)) {
            return data;
        }
        String context = "context=\"" + mountLabel + "\"";
        return data == null || data.isEmpty() ? context : data + "," + context;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static void write(Path attr, String value, String what) {
        try {
            Files.write(attr, value.getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.WRITE);   // one write, no O_TRUNC
        } catch (IOException e) {
            throw new RuntimeError("cannot apply the " + what + ": " + attr + ": " + e.getMessage(), e);
        }
    }
}
