package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSyscall;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Seccomp;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The seccomp part of {@code --drift=block}: memfd_create (an executable file on a hidden mount
 * that noexec cannot reach) fails with EPERM. The filter is loaded into one short-lived thread of
 * this JVM, with no_new_privs set on that thread only, and checked by calling memfd_create there.
 */
class DriftSeccompTest {
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int EPERM = 1;

    @Test
    void theDefaultProfileLosesMemfdCreateAndTheKernelRefusesIt() throws Exception {
        LinuxSeccomp profile = DriftGuard.denyMemfd(SeccompProfiles.pierDefault(CapabilitySets.of(List.of(), List.of(), false)));
        assertThat(profile.syscalls()).noneMatch(r -> r.action().equals("SCMP_ACT_ALLOW") && r.names().contains("memfd_create"));
        assertThat(memfdErrnoUnder(profile)).isEqualTo(EPERM);
        assertThat(memfdErrnoUnder(null)).as("control: without a filter memfd_create works").isZero();
    }

    @Test
    void anUnconfinedOrAllowingProfileGetsADenyRule() throws Exception {
        LinuxSeccomp unconfined = DriftGuard.denyMemfd(null);
        assertThat(unconfined.defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(memfdErrnoUnder(unconfined)).isEqualTo(EPERM);
        LinuxSeccomp allowing = new LinuxSeccomp("SCMP_ACT_ALLOW", null, unconfined.architectures(), null,
                List.of(new LinuxSyscall(List.of("memfd_create", "read"), "SCMP_ACT_ALLOW", null, null)));
        assertThat(memfdErrnoUnder(DriftGuard.denyMemfd(allowing))).isEqualTo(EPERM);
    }

    /** Calls memfd_create in a new thread under {@code profile} (none when null); returns its errno, 0 on success. */
    private static int memfdErrnoUnder(LinuxSeccomp profile) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                if (profile != null) {
                    byte[] bpf = Seccomp.compile(profile).bpf();   // installed as the init installs it: seccomp(2)
                    Libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
                    try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
                        java.lang.foreign.MemorySegment program = a.allocate(bpf.length, 8);
                        program.copyFrom(java.lang.foreign.MemorySegment.ofArray(bpf));
                        java.lang.foreign.MemorySegment fprog = a.allocate(16, 8);
                        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) (bpf.length / 8));
                        fprog.set(ValueLayout.JAVA_LONG, 8, program.address());
                        Libc.syscall("seccomp", 317, 1 /* SECCOMP_SET_MODE_FILTER */, 0, fprog.address(), 0, 0, 0);
                    }
                }
                result.set(memfdCreate());
            } catch (Throwable e) {
                result.set(e);
            }
        });
        t.join();
        if (result.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        return (Integer) result.get();
    }

    private static int memfdCreate() throws Throwable {
        Linker linker = Linker.nativeLinker();
        StructLayout capture = Linker.Option.captureStateLayout();
        VarHandle errno = capture.varHandle(StructLayout.PathElement.groupElement("errno"));
        MethodHandle h = linker.downcallHandle(linker.defaultLookup().find("memfd_create").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(capture);
            int fd = (int) h.invokeExact(state, arena.allocateFrom("drift"), 0);
            if (fd < 0) {
                return (int) errno.get(state, 0L);
            }
            Libc.close(fd);
            return 0;
        }
    }
}
