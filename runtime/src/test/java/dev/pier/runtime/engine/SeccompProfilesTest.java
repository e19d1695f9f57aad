package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSyscall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's default profile, turned into runtime-spec form by capability and architecture. */
class SeccompProfilesTest {
    private static List<String> allowed(LinuxSeccomp p) {
        return p.syscalls().stream().filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args().isEmpty())
                .flatMap(s -> s.names().stream()).toList();
    }

    @Test
    void theDefaultDeniesWithEpermAndCoversX86Subarchitectures() {
        LinuxSeccomp p = SeccompProfiles.dockerDefault(CapabilitySets.DOCKER_DEFAULT);
        assertThat(p.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(p.defaultErrnoRet()).isEqualTo(1);
        if (SeccompProfiles.goArch().equals("amd64")) {
            assertThat(p.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            assertThat(allowed(p)).contains("arch_prctl", "modify_ldt");
        }
        assertThat(allowed(p)).contains("read", "write", "execve", "chroot").doesNotContain("mount", "bpf", "reboot", "unshare");
    }

    @Test
    void rulesFollowTheCapabilities() {
        LinuxSeccomp none = SeccompProfiles.dockerDefault(List.of());
        assertThat(allowed(none)).doesNotContain("chroot");
        assertThat(none.syscalls()).anySatisfy(s -> assertThat(s.names()).containsExactly("clone3"))
                .filteredOn(s -> s.names().equals(List.of("clone3"))).extracting(LinuxSyscall::errnoRet).containsOnly(38);
        LinuxSeccomp admin = SeccompProfiles.dockerDefault(List.of("CAP_SYS_ADMIN"));
        assertThat(allowed(admin)).contains("mount", "unshare", "clone", "setns");
        assertThat(admin.syscalls()).noneSatisfy(s -> assertThat(s.action()).isEqualTo("SCMP_ACT_ERRNO"));
    }
}
