package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run -t}: the container's process has a pseudo-terminal of its own as stdin, stdout,
 * stderr and controlling terminal, of the user's terminal's size; with {@code -i} the user's
 * terminal (a real pty, driven by {@link PtyDriver}) is raw while it runs, relays keys and
 * resizes, and gets its settings back after; with {@code -d} the output is in the logs.
 */
@Timeout(600)
class TerminalRunTest {
    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        Peers.require("python3");
        fx = new EngineFixture(tmp);
    }

    private static List<String> run(String... args) {
        return fx.exec(args).command();
    }

    @Test
    void anInteractiveTerminalIsRawRelayedResizedAndRestored() throws Exception {
        String script = "tty; stty size; test -t 0 && test -t 1 && echo stdin-is-a-tty; read line; echo \"got:$line\"; "
                + "while [ \"$(stty size)\" != \"40 120\" ]; do sleep 0.1; done; echo resized; exit 7";
        Exec.Result r = PtyDriver.run(tmp, List.of("stdin-is-a-tty=>check-raw", "stdin-is-a-tty=>type:hello\\r", "got:hello=>resize:40x120"),
                run("--rm", "-i", "-t", "--", "sh", "-c", script));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe())
                .contains("/dev/pts/0\n33 111\nstdin-is-a-tty\n", "got:hello\n", "resized\n")
                .contains("raw=True\n")
                .endsWith("status=7\nrestored=True\n");
    }

    @Test
    void withoutInputTheTerminalStaysCookedAndTheContainerStillHasOne() throws Exception {
        Exec.Result r = PtyDriver.run(tmp, List.of("size=>check-raw"),
                run("--rm", "-t", "--", "sh", "-c", "tty; stty size | sed 's/^/size /'; test -t 0 && echo in-is-tty; exit 3"));
        assertThat(r.stdout()).as(r.describe())
                .contains("/dev/pts/0\n", "size 33 111\n", "in-is-tty\n", "raw=False\n")
                .endsWith("status=3\nrestored=True\n");
    }

    @Test
    void execTGivesTheCommandATerminalOfItsOwn() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("shared"));
        Exec.Result r = fx.run("-d", "--name", "exec-tty", "-v", tmp.resolve("shared") + ":/shared", "--", "sleep", "1000");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        ContainerControl c = fx.engine().control();
        try {
            int status = c.exec("exec-tty", List.of("sh", "-c", "{ tty; test -t 0 && test -t 2 && echo tty-in-out; } > /shared/exec; exit 6"),
                    List.of(), null, null, true, false);
            assertThat(status).isEqualTo(6);
            assertThat(java.nio.file.Files.readString(tmp.resolve("shared/exec")))
                    .isEqualTo("/dev/pts/0\ntty-in-out\n");
        } finally {
            c.remove("exec-tty", true);
        }
    }

    @Test
    void aDetachedTerminalsOutputIsInTheLogs() throws Exception {
        Exec.Result r = fx.run("-d", "-t", "--name", "ttylog", "--", "sh", "-c", "tty; test -t 0 && echo in-is-tty; echo done");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("ttylog")).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.logs("ttylog", false, out);
        assertThat(out.toString().replace("\r", "")).contains("/dev/pts/0\n", "in-is-tty\n", "done\n");
        c.remove("ttylog", false);
    }
}
