package dev.pier.runtime.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The init stub on its own: it waits for exec.fifo, then makes the plan's calls. */
class InitStubTest {
    @TempDir
    Path tmp;

    @Test
    void theStubWaitsForStartThenRunsThePlanAndExecs() throws Exception {
        Path stub = InitStub.install(tmp).orElseThrow();
        SyscallPlan plan = new SyscallPlan();
        plan.call("write", SyscallPlan.WRITE, 1L, plan.bytes("planned\n".getBytes()), 8L);
        plan.mayFail(SyscallPlan.CHDIR, plan.string("/nonexistent"));
        plan.call("exec /bin/echo", SyscallPlan.EXECVE, plan.string("/bin/echo"), plan.strings(List.of("echo", "then", "echo")),
                plan.strings(List.of()));
        Process p = start(stub, plan);
        assertThat(p.waitFor(300, TimeUnit.MILLISECONDS)).as("waits for start").isFalse();
        release();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("planned\nthen echo\n");
    }

    @Test
    void aFailingCallNamesItselfAndItsErrnoAndExits127() throws Exception {
        Path stub = InitStub.install(tmp).orElseThrow();
        SyscallPlan plan = new SyscallPlan();
        plan.call("exec /bin/nope", SyscallPlan.EXECVE, plan.string("/bin/nope"), plan.strings(List.of("nope")), plan.strings(List.of()));
        Process p = start(stub, plan);
        release();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(127);
        assertThat(new String(p.getErrorStream().readAllBytes())).isEqualTo("pier-runc: exec /bin/nope: errno 2\n");
    }

    @Test
    void theBytesAreTheAssembledSource() throws Exception {
        Path as = Peers.require("as", "binutils");
        Path ld = Peers.require("ld", "binutils");
        Path source = Path.of("src/main/asm/init-stub-x86_64.S").toAbsolutePath();
        Exec.of(as, "--64", "-o", tmp.resolve("stub.o").toString(), source.toString()).check();
        Exec.of(ld, "-static", "-nostdlib", "-N", "-s", "--build-id=none", "--no-warn-rwx-segments", "-o", tmp.resolve("stub").toString(),
                tmp.resolve("stub.o").toString()).check();
        assertThat(Files.readAllBytes(tmp.resolve("stub"))).isEqualTo(InitStub.forThisMachine().orElseThrow());
    }

    /** The stub with exec.fifo on fd 1022 and the plan on fd 1023, as pier-runc starts it. */
    private Process start(Path stub, SyscallPlan plan) throws Exception {
        Path fifo = tmp.resolve("exec.fifo");
        Exec.of("mkfifo", fifo.toString()).check();
        Path file = tmp.resolve("init.plan");
        Files.write(file, plan.encode());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return new ProcessBuilder("bash", "-c", "exec 1022<>\"$1\" 1023<\"$2\"; exec \"$3\"", "bash", fifo.toString(), file.toString(),
                stub.toString()).start();
    }

    private void release() throws Exception {
        try (OutputStream out = Files.newOutputStream(tmp.resolve("exec.fifo"))) {
            out.write('0');
        }
    }
}
