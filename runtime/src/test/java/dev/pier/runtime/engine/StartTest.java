package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Exec;
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

/**
 * {@code pier start}: an exited container runs again with the changes its earlier runs made to
 * its root filesystem and its volumes; {@code -a} prints only the new run's output and gives its
 * status; nothing stays mounted once it exits. A secret from a file is read from it again at each
 * start; one from {@code pier run}'s environment or standard input is refused in one line, and
 * nothing is done.
 */
@Timeout(600)
class StartTest {
    /** Counts its runs in the root filesystem (the overlay's upper dir) and in a named volume. */
    private static final String COUNTING = "echo x >> /runs; echo x >> /data/runs; echo \"runs=$(wc -l < /runs) volume=$(wc -l < /data/runs)\"; exit 4";

    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        fx = new EngineFixture(tmp);
    }

    private static RunRequest request(String name, String script, List<RunSecret> secrets) throws Exception {
        try (ImageSource src = fx.source()) {
            return new RunRequest(EngineFixture.image(src), EngineFixture.IMAGE, name, List.of("sh", "-c", script), null, null,
                    null, null, null, null, null, List.of(name + "-data:/data"), null, false, null, false, null, null,
                    new RunRequest.Protection(secrets, DriftMode.OFF, false));
        }
    }

    private static String logs(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fx.engine().control().logs(name, false, out);
        return out.toString();
    }

    @Test
    void anExitedContainerRunsAgainWithItsChangesAndVolumes() throws Exception {
        ContainerRecord first = fx.engine().runDetached(request("again", COUNTING, List.of()), false);
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("again")).isEqualTo(4);
        assertThat(RootfsMount.isMounted(fx.engine().containers().dirOf(first.id()).resolve("rootfs"))).isFalse();

        ContainerRecord second = c.start("again");
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(c.waitFor("again")).isEqualTo(4);
        assertThat(logs("again")).isEqualTo("runs=1 volume=1\nruns=2 volume=2\n");

        ByteArrayOutputStream attached = new ByteArrayOutputStream();
        assertThat(c.startAttached(first.id().substring(0, 12), attached)).isEqualTo(4);
        assertThat(attached.toString()).as("only this run's output").isEqualTo("runs=3 volume=3\n");
        assertThat(fx.engine().containers().find("again").status()).isEqualTo("exited");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(first.id());
        c.remove("again", false);
    }

    @Test
    void aContainerThatRanAttachedStartsInTheBackgroundWithItsOutputInTheLogs() throws Exception {
        Exec.Result r = fx.run("--name", "was-attached", "-v", "was-attached-data:/data", "--", "sh", "-c", COUNTING);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("runs=1 volume=1\n");
        ContainerControl c = fx.engine().control();
        c.start("was-attached");
        assertThat(c.waitFor("was-attached")).isEqualTo(4);
        assertThat(logs("was-attached")).isEqualTo("runs=2 volume=2\n");
        c.remove("was-attached", false);
    }

    @Test
    void aRunningContainerIsLeftAsItIs() throws Exception {
        ContainerControl c = fx.engine().control();
        ContainerRecord running = fx.engine().runDetached(request("busy", "sleep 1000", List.of()), false);
        assertThat(c.start("busy").pid()).isEqualTo(fx.engine().containers().find("busy").pid()).isNotNull();
        c.remove("busy", true);
        assertThat(fx.engine().containers().exists(running.id())).isFalse();
    }

    @Test
    void aFileSecretIsReadAgainFromItsFileAtEachStart() throws Exception {
        Path secret = Files.writeString(tmp.resolve("token"), "first-value");
        Path relative = Path.of("").toAbsolutePath().relativize(secret);   // recorded absolute: start may run elsewhere
        ContainerRecord r = fx.engine().runDetached(request("secretive", "cat /run/secrets/token; echo",
                List.of(RunSecret.parse("token=file:" + relative))), false);
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("secretive")).isZero();
        Files.writeString(secret, "second-value");
        c.start("secretive");
        assertThat(c.waitFor("secretive")).isZero();
        assertThat(logs("secretive")).isEqualTo("first-value\nsecond-value\n");
        Path dir = fx.engine().containers().dirOf(r.id());
        assertThat(Files.readString(dir.resolve("secret-sources.json")))
                .isEqualTo("[{\"name\":\"token\",\"kind\":\"file\",\"location\":\"" + secret + "\"}]");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("the tmpfs is gone again").doesNotContain(r.id());

        Files.delete(secret);
        assertRefusedAsItWas("secretive", "secret file " + secret + " does not exist or is not a regular file");
        c.remove("secretive", false);
    }

    @Test
    void secretsFromTheEnvironmentOrStandardInputAreRefusedInOneLineAndNothingIsDone() throws Exception {
        Exec.Result env = fx.exec("-d", "--name", "from-env", "--secret", "token=env:API_TOKEN", "--", "true")
                .env("API_TOKEN", "t0ken").run();
        assertThat(env.exitCode()).as(env.describe()).isZero();
        Exec.Result stdin = fx.exec("-d", "--name", "from-stdin", "--secret", "key=-", "--", "true").stdin("k3y").run();
        assertThat(stdin.exitCode()).as(stdin.describe()).isZero();
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("from-env")).isZero();
        assertThat(c.waitFor("from-stdin")).isZero();

        assertRefusedAsItWas("from-env", "container from-env cannot start again: its secret token came from the variable API_TOKEN of "
                + "pier run's environment, which Pier does not keep: pier rm from-env and pier run it again "
                + "(a file: secret is read again at each start)");
        assertRefusedAsItWas("from-stdin", "container from-stdin cannot start again: its secret key came from pier run's standard input, "
                + "which Pier does not keep: pier rm from-stdin and pier run it again (a file: secret is read again at each start)");
        Exec.Result interactive = fx.start("from-env").run();
        assertThat(interactive.exitCode()).isEqualTo(1);
        assertThat(interactive.stderr()).startsWith("pier: container from-env cannot start again: its secret token").hasLineCount(1);
        assertRefusedAsItWas("from-env", "container from-env cannot start again: its secret token came from the variable API_TOKEN of "
                + "pier run's environment, which Pier does not keep: pier rm from-env and pier run it again "
                + "(a file: secret is read again at each start)");
        c.remove("from-env", false);
        c.remove("from-stdin", false);
    }

    /** {@code start} fails with {@code message}, and leaves the container exited as it was, nothing mounted. */
    private static void assertRefusedAsItWas(String name, String message) throws Exception {
        ContainerRecord before = fx.engine().containers().find(name);
        assertThatThrownBy(() -> fx.engine().control().start(name)).isInstanceOf(RuntimeError.class).hasMessage(message);
        assertThat(fx.engine().containers().find(name)).isEqualTo(before);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(before.id());
    }
}
