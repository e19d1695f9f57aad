package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier start -a}, {@code -ai} and {@code pier attach} through the command line, with real
 * busybox containers: a stopped {@code sh} reads its commands from {@code pier start -ai}'s input
 * and gives their status; {@code -a} prints the new run's output; a secret from a file given by a
 * relative path is read again, changed, from another directory; one from the environment is
 * refused in one line (exit 1) and the container stays as it was.
 */
@Timeout(600)
class StartCliTest {
    private static final String IMAGE = "cli/busybox:start";

    @TempDir
    static Path tmp;

    static Path store;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        store = tmp.resolve("store");
        BusyboxImage.importInto(store, tmp, IMAGE, List.of("sh", "cat", "echo", "true"));
    }

    private static Exec pier(String... args) {
        return PierProcess.of(store, args);
    }

    private static Exec.Result ok(Exec command) {
        Exec.Result r = command.run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    @Test
    void startAiGivesAStoppedShellItsInputAndAShowsTheOutput() {
        ok(pier("run", "--name", "shell", IMAGE, "sh"));
        Exec.Result again = pier("start", "-ai", "shell").stdin("echo \"in-$((6 * 7))\"; echo oops >&2; exit 3\n").run();
        assertThat(again.exitCode()).as(again.describe()).isEqualTo(3);
        assertThat(again.stdout()).isEqualTo("in-42\n");
        assertThat(again.stderr()).endsWith("oops\n");
        Exec.Result implied = pier("start", "-i", "shell").stdin("exit 4\n").run();
        assertThat(implied.exitCode()).as("-i implies -a, as docker's. " + implied.describe()).isEqualTo(4);

        ok(pier("run", "-d", "--name", "printer", IMAGE, "sh", "-c", "echo out; echo err >&2; exit 5"));
        assertThat(ok(pier("wait", "printer")).stdout()).isEqualTo("5\n");
        Exec.Result attached = pier("start", "-a", "printer").run();
        assertThat(attached.exitCode()).as(attached.describe()).isEqualTo(5);
        assertThat(attached.stdout()).as("this run's output only").isEqualTo("out\nerr\n");

        Exec.Result attach = pier("attach", "printer").run();
        assertThat(attach.exitCode()).isEqualTo(1);
        assertThat(attach.stderr()).isEqualTo("pier: container printer is not running: pier start -a printer runs it attached\n");
        Exec.Result two = pier("start", "-ai", "shell", "printer").run();
        assertThat(two.exitCode()).isEqualTo(1);
        assertThat(two.stderr()).isEqualTo("pier: -i attaches to one container, not 2\n");
        ok(pier("rm", "shell", "printer"));
    }

    @Test
    void aFileSecretIsReadAgainAndAnEnvironmentSecretIsRefused() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("token.txt"), "v1");
        ok(pier("run", "-d", "--name", "filed", "--secret", "token=file:token.txt", IMAGE, "sh", "-c", "cat /run/secrets/token; echo")
                .in(project));
        ok(pier("wait", "filed"));
        Files.writeString(project.resolve("token.txt"), "v2");
        Exec.Result again = pier("start", "-a", "filed").in(tmp).run();
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.stdout()).isEqualTo("v2\n");

        ok(pier("run", "-d", "--name", "env", "--secret", "token=env:TOKEN", IMAGE, "true").env("TOKEN", "t0ken"));
        ok(pier("wait", "env"));
        String before = ok(pier("ps", "-a", "--format", "json")).stdout();
        Exec.Result refused = pier("start", "env").env("TOKEN", "t0ken").run();
        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("pier: container env cannot start again: its secret token came from the variable TOKEN of "
                + "pier run's environment, which Pier does not keep: pier rm env and pier run it again "
                + "(a file: secret is read again at each start)\n");
        assertThat(refused.stdout()).isEmpty();
        assertThat(ok(pier("ps", "-a", "--format", "json")).stdout()).as("as it was").isEqualTo(before);
        ok(pier("rm", "filed", "env"));
    }
}
