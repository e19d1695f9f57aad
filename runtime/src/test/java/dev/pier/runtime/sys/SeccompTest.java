package dev.pier.runtime.sys;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSeccompArg;
import dev.pier.runtime.spec.LinuxSyscall;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiling profiles through libseccomp (nothing is loaded into the test's JVM). */
class SeccompTest {
    @Test
    void aProfileWithArgumentRulesCompiles() {
        var arg = new LinuxSeccompArg(0, BigInteger.TEN, null, "SCMP_CMP_EQ");
        var twice = List.of(new LinuxSeccompArg(1, BigInteger.ONE, null, "SCMP_CMP_EQ"), new LinuxSeccompArg(1, BigInteger.TWO, null, "SCMP_CMP_EQ"));
        var profile = new LinuxSeccomp("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"), null, List.of(
                new LinuxSyscall(List.of("read", "write", "no_such_syscall"), "SCMP_ACT_ALLOW", null, null),
                new LinuxSyscall(List.of("socket"), "SCMP_ACT_ALLOW", null, List.of(arg)),
                new LinuxSyscall(List.of("personality"), "SCMP_ACT_ALLOW", null, twice),
                new LinuxSyscall(List.of("unshare"), "SCMP_ACT_ERRNO", null, null)));
        Seccomp.compile(profile).release();
    }

    @Test
    void unknownActionsAndArchitecturesAreNamed() {
        assertThatThrownBy(() -> Seccomp.compile(new LinuxSeccomp("SCMP_ACT_NOPE", null, null, null, null)))
                .isInstanceOf(RuntimeError.class).hasMessageContaining("SCMP_ACT_NOPE");
        assertThatThrownBy(() -> Seccomp.compile(new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_VAX"), null, null)))
                .isInstanceOf(RuntimeError.class).hasMessageContaining("SCMP_ARCH_VAX");
    }
}
