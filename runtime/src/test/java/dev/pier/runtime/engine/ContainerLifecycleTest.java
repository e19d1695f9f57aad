package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Peers;
import dev.pier.image.transport.ImageSource;
import dev.pier.runtime.RuntimeError;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Detached containers: logs, exec, stop with the image's StopSignal, wait, rm. */
@Timeout(600)
class ContainerLifecycleTest {
    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        fx = new EngineFixture(tmp);
    }

    private static ContainerRecord detached(String name, String script) throws Exception {
        try (ImageSource src = fx.source()) {
            RunRequest r = new RunRequest(EngineFixture.image(src), EngineFixture.IMAGE, name, List.of("sh", "-c", script), null, null,
                    null, null, null, null, null, List.of(tmp.resolve("shared") + ":/shared"), null, false, null, false);
            Files.createDirectories(tmp.resolve("shared"));
            return fx.engine().runDetached(r, false);
        }
    }

    @Test
    void logsHoldTheOutputAfterExitAndWaitGivesTheStatus() throws Exception {
        ContainerRecord r = detached("logs", "echo out; echo err >&2; exit 3");
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("logs")).isEqualTo(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.logs(r.id().substring(0, 12), false, out);
        assertThat(out.toString()).contains("out\n", "err\n");
        c.remove("logs", false);
        assertThat(fx.engine().containers().dirOf(r.id())).doesNotExist();
    }

    @Test
    void execRunsInTheRunningContainerAndStopSendsTheStopSignal() throws Exception {
        ContainerRecord r = detached("svc", "trap 'echo got usr1; exit 9' USR1; echo $$ > /shared/pid; sleep 1000 & wait");
        ContainerControl c = fx.engine().control();
        assertThat(fx.engine().containers().find("svc").status()).isEqualTo("running");
        assertThat(c.exec("svc", List.of("sh", "-c", "hostname > /shared/exec-host; exit 5"), List.of(), null, null)).isEqualTo(5);
        assertThat(Files.readString(tmp.resolve("shared/exec-host")).strip()).isEqualTo(r.id().substring(0, 12));
        assertThatThrownBy(() -> c.remove("svc", false)).isInstanceOf(RuntimeError.class).hasMessageContaining("running");
        c.stop("svc", 30);
        ContainerRecord stopped = fx.engine().containers().find("svc");
        assertThat(stopped.status()).isEqualTo("exited");
        assertThat(stopped.exitCode()).as("SIGUSR1 (the image's StopSignal) ran the trap").isEqualTo(9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.logs("svc", true, out);
        assertThat(out.toString()).contains("got usr1");
        c.remove("svc", false);
    }

    @Test
    void removeForceKillsARunningContainer() throws Exception {
        ContainerRecord r = detached("victim", "sleep 1000");
        fx.engine().control().remove("victim", true);
        assertThat(fx.engine().containers().dirOf(r.id())).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(r.id());
    }
}
