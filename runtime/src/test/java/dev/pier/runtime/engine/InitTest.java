package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Peers;
import dev.pier.image.transport.ImageSource;
import dev.pier.runtime.RuntimeError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --init}: the host's catatonit runs as PID 1 from {@code /run/pier-init}, reaps the
 * orphans a container's command leaves (without it they stay zombies) and passes {@code stop}'s
 * signal on to the command.
 */
@Timeout(600)
class InitTest {
    /** An orphan: a process whose parent exits first, so it is reparented to PID 1; it records its pid and exits. */
    private static final String ORPHAN = "(sh -c 'echo $$ > /tmp/orphan' &); exec sleep 1000";
    /** Exit 10 once the orphan was reaped, 11 while it is a zombie, 2 before it ran. */
    private static final String ORPHAN_STATE = "p=$(cat /tmp/orphan 2>/dev/null) || exit 2; [ -e /proc/$p ] || exit 10; "
            + "grep -q '^State:.*Z' /proc/$p/status && exit 11; exit 2";

    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        Peers.require("catatonit");
        fx = new EngineFixture(tmp);
        Files.createDirectories(tmp.resolve("shared"));
    }

    private static ContainerRecord detached(String name, boolean init, String script) throws Exception {
        try (ImageSource src = fx.source()) {
            RunRequest r = new RunRequest(EngineFixture.image(src), EngineFixture.IMAGE, name, List.of("sh", "-c", script), null, null,
                    null, null, null, null, null, List.of(tmp.resolve("shared") + ":/shared"), null, false, null, false);
            return fx.engine().runDetached(r.withStartup(new RunRequest.Startup(false, init, Optional.empty())), false);
        }
    }

    /** Polls the orphan's state by exec until it is known (no time limit but the test's). */
    private static int orphanState(String container) throws InterruptedException {
        while (true) {
            int state = fx.engine().control().exec(container, List.of("sh", "-c", ORPHAN_STATE), List.of(), null, null);
            if (state != 2) {
                return state;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theInitReapsOrphansThatStayZombiesWithoutIt() throws Exception {
        detached("with-init", true, ORPHAN);
        detached("without-init", false, ORPHAN);
        ContainerControl c = fx.engine().control();
        assertThat(c.exec("with-init", List.of("grep", "-q", InitBinary.TARGET, "/proc/1/cmdline"), List.of(), null, null))
                .as("PID 1 is the init").isZero();
        assertThat(orphanState("with-init")).as("reaped by the init").isEqualTo(10);
        assertThat(orphanState("without-init")).as("sleep as PID 1 never waits: a zombie").isEqualTo(11);
        c.remove("with-init", true);
        c.remove("without-init", true);
    }

    @Test
    void stopsSignalReachesTheCommandThroughTheInit() throws Exception {
        detached("stopped", true, "trap 'echo got usr1 > /shared/signal; exit 9' USR1; echo $$ > /shared/pid; sleep 1000 & wait");
        ContainerControl c = fx.engine().control();
        while (!Files.exists(tmp.resolve("shared/pid"))) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(tmp.resolve("shared/pid")).strip()).as("the command is the init's child").isNotEqualTo("1");
        c.stop("stopped", 60);
        ContainerRecord r = fx.engine().containers().find("stopped");
        assertThat(r.exitCode()).as("the image's StopSignal (SIGUSR1) ran the trap; the init exits with its child's status").isEqualTo(9);
        assertThat(Files.readString(tmp.resolve("shared/signal"))).isEqualTo("got usr1\n");
        c.remove("stopped", false);
    }

    @Test
    void noInitIsOneClearError() {
        assertThatThrownBy(() -> InitBinary.find(Optional.empty(), List.of(tmp.resolve("no-catatonit"))))
                .isInstanceOf(RuntimeError.class).hasMessageStartingWith("--init: no init found (looked for " + tmp.resolve("no-catatonit"))
                .hasMessageEndingWith("install catatonit or tini, or give --init-path FILE");
        assertThatThrownBy(() -> InitBinary.find(Optional.of("/nonexistent/init")))
                .isInstanceOf(RuntimeError.class).hasMessage("--init-path /nonexistent/init: no such executable file");
        assertThat(new RunRequest.Startup(false, false, Optional.of("/usr/bin/catatonit")).init()).as("--init-path implies --init").isTrue();
    }
}
