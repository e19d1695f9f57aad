package dev.pier.image.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecTest {

    @Test
    void capturesOutputAndExitCode() {
        Exec.Result r = Exec.of("sh", "-c", "echo out; echo err >&2; exit 3").run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ok()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
    }

    @Test
    void checkThrowsWithTheOutput() {
        assertThatThrownBy(() -> Exec.of("sh", "-c", "echo visible; echo why >&2; exit 7").check())
                .isInstanceOf(Exec.Failed.class)
                .hasMessageContaining("exited with 7")
                .hasMessageContaining("visible")
                .hasMessageContaining("why")
                .satisfies(e -> assertThat(((Exec.Failed) e).result().exitCode()).isEqualTo(7));
    }

    @Test
    void checkReturnsTheResultOnSuccess() {
        assertThat(Exec.of("echo", "a", "b").check().stdout()).isEqualTo("a b\n");
    }

    @Test
    void stdinDirectoryAndEnvironment(@TempDir Path dir) throws Exception {
        Exec.Result r = Exec.of("sh", "-c", "pwd; echo \"$PIER_X\"; cat")
                .in(dir)
                .env("PIER_X", "x-value")
                .stdin("fed\n")
                .check();
        assertThat(r.stdout()).isEqualTo(dir.toRealPath().toString() + "\nx-value\nfed\n");
    }

    @Test
    void stdinIsEmptyByDefault() {
        assertThat(Exec.of("cat").check().stdout()).isEmpty();
    }

    @Test
    void environmentVariablesCanBeRemoved() {
        Exec.Result r = Exec.of("sh", "-c", "echo \"${HOME-unset}\"").env("HOME", null).check();
        assertThat(r.stdout()).isEqualTo("unset\n");
    }

    @Test
    void argsAppend() {
        assertThat(Exec.of("echo").args("1", "2").check().stdout()).isEqualTo("1 2\n");
    }

    @Test
    void timeoutKillsTheCommandAndItsChildren() {
        assertThatThrownBy(() -> Exec.of("sh", "-c", "echo started; sleep 600 & sleep 600")
                        .timeout(Duration.ofMillis(300))
                        .run())
                .isInstanceOf(Exec.Failed.class)
                .hasMessageContaining("timed out")
                .satisfies(e -> assertThat(((Exec.Failed) e).result().stdout()).isEqualTo("started\n"));
    }

    @Test
    void missingProgram() {
        assertThatThrownBy(() -> Exec.of("/nonexistent/program").run())
                .isInstanceOf(Exec.Failed.class)
                .hasMessageContaining("cannot start /nonexistent/program");
    }

    @Test
    void emptyCommandIsRejected() {
        assertThatThrownBy(() -> Exec.of(java.util.List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
