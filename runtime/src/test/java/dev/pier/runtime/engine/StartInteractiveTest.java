package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.RuntimeError;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier start -ai} ({@link ContainerControl#startInteractive}, run by {@link StartMain}): a
 * stopped {@code sh} reads its commands from the caller's input and exits with their status; a
 * {@code -t} container gets a terminal again, relayed to the caller's (a real pty, driven by
 * {@link PtyDriver}: raw while it runs, restored after). {@code pier attach}
 * ({@link ContainerControl#attach}) prints a detached container's output from then on and returns
 * its status.
 */
@Timeout(600)
class StartInteractiveTest {
    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        Peers.require("python3");
        fx = new EngineFixture(tmp);
    }

    @Test
    void aStoppedShellReadsItsCommandsFromTheCallersInput() {
        Exec.Result first = fx.run("--name", "shell", "--", "sh");
        assertThat(first.exitCode()).as("no input: sh ends at once. " + first.describe()).isZero();

        Exec.Result again = fx.start("shell").stdin("echo \"sum=$((2 + 3))\"; touch /marker; exit 5\n").run();
        assertThat(again.exitCode()).as(again.describe()).isEqualTo(5);
        assertThat(again.stdout()).isEqualTo("sum=5\n");
        ContainerRecord exited = fx.engine().containers().find("shell");
        assertThat(exited.status()).isEqualTo("exited");
        assertThat(exited.exitCode()).isEqualTo(5);
        assertThat(exited.detached()).as("it ran attached: no log").isFalse();

        Exec.Result third = fx.start("shell").stdin("test -f /marker && echo kept; exit 6\n").run();
        assertThat(third.exitCode()).as(third.describe()).isEqualTo(6);
        assertThat(third.stdout()).isEqualTo("kept\n");
        assertThat(fx.engine().control().startAttached("shell", new ByteArrayOutputStream()))
                .as("-a alone: its input is closed, sh ends at once").isZero();
        assertThat(fx.engine().containers().find("shell").detached()).as("-a runs it under a monitor").isTrue();
        fx.engine().control().remove("shell", false);
    }

    @Test
    void aDetachedContainerStartedWithItsInputRunsAttachedAndKeepsItsLog() throws Exception {
        Exec.Result first = fx.run("-d", "--name", "was-detached", "--", "sh", "-c", "echo logged; exec sh");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("was-detached")).isZero();

        CompletableFuture<Exec.Result> again = CompletableFuture.supplyAsync(() -> fx.start("was-detached")
                .stdin("echo typed; while [ ! -f /go ]; do sleep 0.1; done; exit 3\n").run());
        while (!fx.engine().containers().find("was-detached").status().equals("running")) {
            Thread.sleep(50);
        }
        assertThat(fx.engine().containers().find("was-detached").detached()).isFalse();
        assertThatThrownBy(() -> c.attach("was-detached", new ByteArrayOutputStream())).isInstanceOf(RuntimeError.class)
                .hasMessage("container was-detached runs attached to the pier process that started it: its output is there");
        Files.createFile(fx.engine().containers().dirOf(fx.engine().containers().find("was-detached").id()).resolve("rootfs/go"));
        assertThat(again.get().exitCode()).as(again.get().describe()).isEqualTo(3);
        assertThat(again.get().stdout()).isEqualTo("logged\ntyped\n");
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        c.logs("was-detached", false, logs);
        assertThat(logs.toString(StandardCharsets.UTF_8)).as("the detached run's output, not the attached one's").isEqualTo("logged\n");
        c.remove("was-detached", false);
    }

    @Test
    void aTerminalContainerGetsItsTerminalBack() throws Exception {
        Exec.Result first = fx.exec("-i", "-t", "--name", "tty-shell", "--", "sh").stdin("exit 2\n").run();
        assertThat(first.exitCode()).as(first.describe()).isEqualTo(2);

        // typed text is echoed: "in-is"-"tty" only prints in-is-tty when the shell runs it
        Exec.Result r = PtyDriver.run(tmp, List.of("# =>type:tty; stty size; test -t 0 && echo in-is\"-\"tty\\r", "in-is-tty=>check-raw",
                "in-is-tty=>type:exit 7\\r"), fx.start("tty-shell").command());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe())
                .contains("/dev/pts/0\n33 111\nin-is-tty\n", "raw=True\n")
                .endsWith("status=7\nrestored=True\n");
        assertThat(fx.engine().containers().find("tty-shell").exitCode()).isEqualTo(7);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(fx.engine().containers().find("tty-shell").id());
        fx.engine().control().remove("tty-shell", false);
    }

    @Test
    void attachPrintsTheOutputFromThenOnAndReturnsTheStatus() throws Exception {
        Exec.Result started = fx.run("-d", "--name", "talker", "--", "sh", "-c",
                "echo before; while [ ! -f /go ]; do echo tick; sleep 0.2; done; echo after; exit 6");
        assertThat(started.exitCode()).as(started.describe()).isZero();
        ContainerControl c = fx.engine().control();
        ContainerRecord r = fx.engine().containers().find("talker");
        while (!Files.readString(fx.engine().containers().dirOf(r.id()).resolve("console.log")).contains("before")) {
            Thread.sleep(50);
        }
        assertThatThrownBy(() -> c.startInteractive("talker")).isInstanceOf(RuntimeError.class)
                .hasMessage("container talker is already running, its input not open to attach: pier attach talker shows its output");

        CountDownLatch ticked = new CountDownLatch(1);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                seen.write(b);
                if (seen.toString(StandardCharsets.UTF_8).contains("tick\n")) {
                    ticked.countDown();
                }
            }
        };
        CompletableFuture<Integer> attached = CompletableFuture.supplyAsync(() -> c.attach("talker", out));
        ticked.await();
        Files.createFile(fx.engine().containers().dirOf(r.id()).resolve("rootfs/go"));
        assertThat(attached.get()).isEqualTo(6);
        assertThat(seen.toString(StandardCharsets.UTF_8)).as("from the attach on").startsWith("tick\n").endsWith("tick\nafter\n");

        assertThatThrownBy(() -> c.attach("talker", out)).isInstanceOf(RuntimeError.class)
                .hasMessage("container talker is not running: pier start -a talker runs it attached");
        c.remove("talker", false);
    }
}
