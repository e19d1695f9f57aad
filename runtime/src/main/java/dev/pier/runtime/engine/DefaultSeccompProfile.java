package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSeccompArg;
import dev.pier.runtime.spec.LinuxSyscall;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pier's default seccomp profile, written for Pier after the behaviour Docker documents for its
 * default profile: everything not allowed fails with EPERM; the ordinary system calls (the
 * resource {@code seccomp-allowed.txt}) are allowed; calls that need a capability are allowed only
 * when the container has it; clone may not create namespaces and clone3 fails with ENOSYS (so
 * glibc falls back to clone) unless the container has CAP_SYS_ADMIN; personality takes only a few
 * values. Unknown names are skipped by the compiler ({@code dev.pier.runtime.sys.Seccomp}).
 */
public final class DefaultSeccompProfile {
    static final int EPERM = 1;
    static final int ENOSYS = 38;
    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
    static final long CLONE_NAMESPACE_FLAGS = 0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L
            | 0x20000000L | 0x40000000L;
    /** PER_LINUX, UNAME26, PER_LINUX32, PER_LINUX32|UNAME26, and the query value 0xffffffff. */
    static final List<Long> PERSONALITIES = List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);

    /** System calls allowed when the container has the capability (any one of a call's capabilities suffices). */
    static final Map<String, List<String>> BY_CAPABILITY = byCapability();

    private DefaultSeccompProfile() {}

    private static Map<String, List<String>> byCapability() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("CAP_SYS_ADMIN", List.of("mount", "umount", "umount2", "unshare", "setns", "pivot_root", "bpf", "fanotify_init",
                "lookup_dcookie", "perf_event_open", "quotactl", "quotactl_fd", "fsopen", "fsconfig", "fsmount", "fspick",
                "move_mount", "open_tree", "mount_setattr", "syslog", "sethostname", "setdomainname", "clone", "clone3"));
        m.put("CAP_SYS_PTRACE", List.of("ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise"));
        m.put("CAP_SYS_MODULE", List.of("init_module", "finit_module", "delete_module"));
        m.put("CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_settime64", "clock_adjtime", "clock_adjtime64"));
        m.put("CAP_SYS_BOOT", List.of("reboot"));
        m.put("CAP_SYS_NICE", List.of("get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node", "move_pages", "migrate_pages"));
        m.put("CAP_SYS_PACCT", List.of("acct"));
        m.put("CAP_SYS_RAWIO", List.of("iopl", "ioperm"));
        m.put("CAP_SYSLOG", List.of("syslog"));
        m.put("CAP_DAC_READ_SEARCH", List.of("open_by_handle_at", "name_to_handle_at"));
        m.put("CAP_SYS_TTY_CONFIG", List.of("vhangup"));
        m.put("CAP_SYS_CHROOT", List.of("chroot"));
        m.put("CAP_BPF", List.of("bpf"));
        m.put("CAP_PERFMON", List.of("perf_event_open"));
        return m;
    }

    /** The profile for a container with capabilities {@code caps} on this machine. */
    public static LinuxSeccomp of(Collection<String> caps) {
        return of(caps, SeccompProfiles.goArch());
    }

    /** The profile for a container with capabilities {@code caps} on the Go architecture {@code arch}. */
    static LinuxSeccomp of(Collection<String> caps, String arch) {
        Set<String> allowed = new LinkedHashSet<>(ordinary());
        allowed.addAll(forArchitecture(arch));
        BY_CAPABILITY.forEach((cap, names) -> {
            if (caps.contains(cap)) {
                allowed.addAll(names);
            }
        });
        List<LinuxSyscall> rules = new ArrayList<>();
        rules.add(new LinuxSyscall(List.copyOf(allowed), "SCMP_ACT_ALLOW", null, null));
        for (long p : PERSONALITIES) {
            rules.add(new LinuxSyscall(List.of("personality"), "SCMP_ACT_ALLOW", null,
                    List.of(new LinuxSeccompArg(0, BigInteger.valueOf(p), null, "SCMP_CMP_EQ"))));
        }
        if (!caps.contains("CAP_SYS_ADMIN")) {
            // flags are argument 0 of clone on the architectures Pier runs on (s390 swaps the first two)
            rules.add(new LinuxSyscall(List.of("clone"), "SCMP_ACT_ALLOW", null, List.of(new LinuxSeccompArg(0,
                    BigInteger.valueOf(CLONE_NAMESPACE_FLAGS), BigInteger.ZERO, "SCMP_CMP_MASKED_EQ"))));
            rules.add(new LinuxSyscall(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, null));
        }
        return new LinuxSeccomp("SCMP_ACT_ERRNO", EPERM, architectures(arch), null, rules);
    }

    /** The native architecture and the 32-bit ones its kernel also runs. */
    static List<String> architectures(String arch) {
        return switch (arch) {
            case "amd64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            case "386" -> List.of("SCMP_ARCH_X86");
            default -> List.of("SCMP_ARCH_" + arch.toUpperCase(java.util.Locale.ROOT));
        };
    }

    private static List<String> forArchitecture(String arch) {
        return switch (arch) {
            case "amd64", "386" -> List.of("arch_prctl", "modify_ldt", "set_thread_area", "get_thread_area");
            case "arm64", "arm" -> List.of("arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
                    "cacheflush", "set_tls");
            default -> List.of();
        };
    }

    /** The names in {@code seccomp-allowed.txt}, read once (a command may prepare them on another thread). */
    private static volatile List<String> ordinary;

    /** The names in {@code seccomp-allowed.txt}. */
    static List<String> ordinary() {
        List<String> names = ordinary;
        if (names == null) {
            names = readOrdinary();
            ordinary = names;
        }
        return names;
    }

    /**
     * Reads now what {@link #of} reads first: a resource, whose first read opens the jar (its
     * directory of 5,900 entries, several milliseconds). For a command's start-up thread.
     */
    public static void prepare() {
        ordinary();
    }

    private static List<String> readOrdinary() {
        try (InputStream in = DefaultSeccompProfile.class.getResourceAsStream("seccomp-allowed.txt")) {
            if (in == null) {
                throw new RuntimeError("the default seccomp profile is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new RuntimeError("cannot read the default seccomp profile: " + e.getMessage(), e);
        }
    }
}
