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
 * status; nothing stays mounted once it exits.
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
    void aRunningContainerIsLeftAsItIsAndSecretsAreNotKept() throws Exception {
        ContainerControl c = fx.engine().control();
        ContainerRecord running = fx.engine().runDetached(request("busy", "sleep 1000", List.of()), false);
        assertThat(c.start("busy").pid()).isEqualTo(fx.engine().containers().find("busy").pid()).isNotNull();
        c.remove("busy", true);
        assertThat(fx.engine().containers().exists(running.id())).isFalse();

        Path secret = Files.writeString(tmp.resolve("token"), "s3cret");
        fx.engine().runDetached(request("secretive", "cat /run/secrets/token", List.of(RunSecret.parse("token=file:" + secret))), false);
        assertThat(c.waitFor("secretive")).isZero();
        assertThatThrownBy(() -> c.start("secretive")).isInstanceOf(RuntimeError.class)
                .hasMessage("container secretive had secrets, which are not kept once it exits: run a new container");
        c.remove("secretive", false);
    }
}
