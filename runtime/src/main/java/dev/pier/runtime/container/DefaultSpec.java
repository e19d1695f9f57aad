package dev.pier.runtime.container;

import dev.pier.runtime.spec.*;
import dev.pier.runtime.spec.Process;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The configuration {@code pier-runc spec} writes: runc's default, or its rootless variant. */
public final class DefaultSpec {
    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private DefaultSpec() {}

    /** The default spec; {@code rootless} maps the calling user ({@code uid}, {@code gid}) to root in a user namespace. */
    public static Spec create(boolean rootless, long uid, long gid) {
        Process process = new Process(false, null, new User(0, 0, null, null), List.of("sh"),
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"), "/",
                new LinuxCapabilities(CAPS, CAPS, null, CAPS, CAPS),
                List.of(new Rlimit("RLIMIT_NOFILE", BigInteger.valueOf(1024), BigInteger.valueOf(1024))), true, null, null, null);
        List<Mount> mounts = new ArrayList<>(List.of(
                new Mount("/proc", "proc", "proc", null),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Mount("/dev/pts", "devpts", "devpts", rootless
                        ? List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
                        : List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                rootless ? new Mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"))
                        : new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"))));
        if (!rootless) {
            mounts.add(new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        }
        List<LinuxNamespace> namespaces = new ArrayList<>();
        for (String t : List.of("pid", "network", "ipc", "uts", "mount", "cgroup")) {
            if (!(rootless && t.equals("network"))) {
                namespaces.add(new LinuxNamespace(t, null));
            }
        }
        if (rootless) {
            namespaces.add(new LinuxNamespace("user", null));
        }
        Linux linux = new Linux(
                rootless ? List.of(new LinuxIdMapping(0, uid, 1)) : null,
                rootless ? List.of(new LinuxIdMapping(0, gid, 1)) : null,
                null, null, null, namespaces, null, null, null,
                List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"),
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"), null);
        return new Spec(Containers.OCI_VERSION, process, new Root("rootfs", true), "runc", null, mounts, null, Map.of(), linux);
    }
}
