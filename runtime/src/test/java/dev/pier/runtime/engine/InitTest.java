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
    /**
     * An orphan: a sleep whose parent shell records its pid and exits without waiting for it, so it
     * is reparented to PID 1 while it runs, and exits there.
     */
    private static final String ORPHAN = "sh -c 'sleep 1 & echo $! > /tmp/orphan'; exec sleep 1000";
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

    /**
     * Polls the orphan's state by exec until it is {@code wanted} (10 reaped, 11 a zombie): a zombie
     * may be seen for an instant before an init reaps it, a reaped orphan never comes back; the
     * test's time limit ends a wait for what never happens.
     */
    private static void awaitOrphan(String container, int wanted) throws InterruptedException {
        while (fx.engine().control().exec(container, List.of("sh", "-c", ORPHAN_STATE), List.of(), null, null) != wanted) {
            Thread.sleep(50);
        }
    }

    @Test
    void theInitReapsOrphansThatStayZombiesWithoutIt() throws Exception {
        ContainerControl c = fx.engine().control();
        detached("with-init", true, ORPHAN);
        try {
            detached("without-init", false, ORPHAN);
            assertThat(c.exec("with-init", List.of("grep", "-q", InitBinary.TARGET, "/proc/1/cmdline"), List.of(), null, null))
                    .as("PID 1 is the init").isZero();
            awaitOrphan("with-init", 10);      // reaped by the init
            awaitOrphan("without-init", 11);   // sleep as PID 1 never waits: a zombie, for good
            assertThat(c.exec("without-init", List.of("sh", "-c", ORPHAN_STATE), List.of(), null, null)).isEqualTo(11);
        } finally {
            for (String name : List.of("with-init", "without-init")) {
                if (fx.engine().containers().exists(name)) {
                    c.remove(name, true);
                }
            }
        }
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
