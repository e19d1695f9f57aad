package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.spec.Json;
import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSeccompArg;
import dev.pier.runtime.spec.LinuxSyscall;
import dev.pier.runtime.sys.Capabilities;
import dev.pier.runtime.sys.Seccomp;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pier's default profile by capability and architecture, and Docker-format files turned into runtime-spec form. */
class SeccompProfilesTest {
    /** The table of blocked calls in Docker's documentation of its default profile. */
    private static final List<String> DOCUMENTED_BLOCKED = List.of("acct", "add_key", "bpf", "clock_adjtime", "clock_settime",
            "create_module", "delete_module", "finit_module", "get_kernel_syms", "get_mempolicy", "init_module", "ioperm", "iopl",
            "kcmp", "kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "mbind", "mount", "move_pages",
            "name_to_handle_at", "nfsservctl", "open_by_handle_at", "perf_event_open", "pivot_root", "process_vm_readv",
            "process_vm_writev", "ptrace", "query_module", "quotactl", "reboot", "request_key", "set_mempolicy", "setns",
            "settimeofday", "stime", "swapon", "swapoff", "sysfs", "_sysctl", "umount", "umount2", "unshare", "uselib",
            "userfaultfd", "ustat", "vm86", "vm86old");

    private static List<String> allowed(LinuxSeccomp p) {
        return p.syscalls().stream().filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args().isEmpty())
                .flatMap(s -> s.names().stream()).toList();
    }

    private static List<LinuxSyscall> rulesFor(LinuxSeccomp p, String name) {
        return p.syscalls().stream().filter(s -> s.names().contains(name)).toList();
    }

    @Test
    void theDefaultDeniesWithEpermAndCoversX86Subarchitectures() {
        LinuxSeccomp p = SeccompProfiles.pierDefault(CapabilitySets.DOCKER_DEFAULT);
        assertThat(p.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(p.defaultErrnoRet()).isEqualTo(1);
        if (SeccompProfiles.goArch().equals("amd64")) {
            assertThat(p.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            assertThat(allowed(p)).contains("arch_prctl", "modify_ldt");
        }
        assertThat(DefaultSeccompProfile.of(List.of(), "arm64").architectures()).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        assertThat(allowed(DefaultSeccompProfile.of(List.of(), "arm64"))).contains("set_tls").doesNotContain("arch_prctl");
        assertThat(allowed(p)).contains("read", "write", "execve", "chroot", "futex", "rseq", "epoll_wait", "socket",
                "pidfd_open", "pidfd_send_signal", "landlock_create_ruleset", "adjtimex", "wait4")
                .doesNotContain("io_uring_setup", "io_uring_enter", "io_uring_register", "clone", "clone3", "personality")
                .doesNotHaveDuplicates();
        assertThat(allowed(p)).doesNotContainAnyElementsOf(DOCUMENTED_BLOCKED);
    }

    @Test
    void capabilitiesAllowTheirSystemCalls() {
        LinuxSeccomp none = SeccompProfiles.pierDefault(List.of());
        assertThat(allowed(none)).doesNotContain("chroot", "syslog", "vhangup", "pidfd_getfd", "fanotify_init", "fsopen");
        DefaultSeccompProfile.BY_CAPABILITY.forEach((cap, names) -> {
            assertThat(allowed(SeccompProfiles.pierDefault(List.of(cap)))).as(cap).containsAll(names);
        });
        assertThat(allowed(SeccompProfiles.pierDefault(List.of("CAP_SYS_ADMIN"))))
                .contains("mount", "umount2", "unshare", "setns", "pivot_root", "bpf", "perf_event_open", "clone", "clone3");
        assertThat(allowed(SeccompProfiles.pierDefault(List.of("CAP_SYS_PTRACE")))).contains("ptrace", "process_vm_readv", "kcmp")
                .doesNotContain("mount");
        assertThat(allowed(SeccompProfiles.pierDefault(List.of("CAP_BPF", "CAP_PERFMON")))).contains("bpf", "perf_event_open")
                .doesNotContain("mount");
        assertThat(allowed(SeccompProfiles.pierDefault(Capabilities.NAMES)))
                .doesNotContain("keyctl", "add_key", "request_key", "userfaultfd", "kexec_load", "io_uring_setup", "uselib");
    }

    @Test
    void cloneMayNotCreateNamespacesAndClone3FallsBackWithoutSysAdmin() {
        LinuxSeccomp p = SeccompProfiles.pierDefault(CapabilitySets.DOCKER_DEFAULT);
        assertThat(rulesFor(p, "clone")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("SCMP_ACT_ALLOW");
            assertThat(r.args()).containsExactly(new LinuxSeccompArg(0, BigInteger.valueOf(0x7E020000L), BigInteger.ZERO,
                    "SCMP_CMP_MASKED_EQ"));
        });
        assertThat(rulesFor(p, "clone3")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("SCMP_ACT_ERRNO");
            assertThat(r.errnoRet()).isEqualTo(38);
        });
        LinuxSeccomp admin = SeccompProfiles.pierDefault(List.of("CAP_SYS_ADMIN"));
        assertThat(rulesFor(admin, "clone")).singleElement().satisfies(r -> assertThat(r.args()).isEmpty());
        assertThat(rulesFor(admin, "clone3")).singleElement().satisfies(r -> assertThat(r.action()).isEqualTo("SCMP_ACT_ALLOW"));
        assertThat(admin.syscalls()).noneSatisfy(s -> assertThat(s.action()).isEqualTo("SCMP_ACT_ERRNO"));
    }

    @Test
    void personalityTakesOnlyTheUsualValues() {
        List<LinuxSyscall> rules = rulesFor(SeccompProfiles.pierDefault(Capabilities.NAMES), "personality");
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.action()).isEqualTo("SCMP_ACT_ALLOW");
            assertThat(r.args()).singleElement().satisfies(a -> assertThat(a.op()).isEqualTo("SCMP_CMP_EQ"));
        });
        assertThat(rules).extracting(r -> r.args().getFirst().value().longValue())
                .containsExactlyInAnyOrder(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);
    }

    @Test
    void everyVariantCompilesThroughLibseccomp() {
        for (List<String> caps : List.of(List.<String>of(), CapabilitySets.DOCKER_DEFAULT, List.of("CAP_SYS_ADMIN"), Capabilities.NAMES)) {
            Seccomp.compile(SeccompProfiles.pierDefault(caps)).release();
        }
    }

    @Test
    void dockerFormatFilesAreResolvedByCapabilityAndArchitecture() {
        String profile = """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]},
                             {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
                 "syscalls": [
                   {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                   {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
                   {"names": ["uname"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "99.0"}},
                   {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]},
                    "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}
                """;
        var tree = Json.tree(profile.getBytes(StandardCharsets.UTF_8), "test");
        LinuxSeccomp amd64 = SeccompProfiles.convert(tree, List.of(), "amd64", new int[] {6, 1});
        assertThat(amd64.defaultErrnoRet()).isEqualTo(1);
        assertThat(amd64.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
        assertThat(allowed(amd64)).containsExactly("read", "write", "arch_prctl");
        assertThat(rulesFor(amd64, "clone")).singleElement().satisfies(r -> assertThat(r.args()).hasSize(1));
        LinuxSeccomp admin = SeccompProfiles.convert(tree, List.of("CAP_SYS_ADMIN"), "arm64", new int[] {6, 1});
        assertThat(admin.architectures()).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        assertThat(allowed(admin)).containsExactly("read", "write", "mount");
        assertThat(rulesFor(admin, "clone")).isEmpty();
    }
}
