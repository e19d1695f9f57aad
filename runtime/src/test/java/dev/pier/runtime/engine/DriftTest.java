package dev.pier.runtime.engine;

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

/** {@code --drift=block} and {@code --drift=alert} with real containers. */
@Timeout(600)
class DriftTest {
    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        fx = new EngineFixture(tmp);
    }

    /** Copies busybox to {@code dir}, makes it executable, runs it and prints {@code label=STATUS}. */
    private static String tryCopy(String dir, String label) {
        return "busybox cp /bin/busybox " + dir + "/true && busybox chmod 755 " + dir + "/true; " + dir + "/true; echo " + label + "=$?; ";
    }

    @Test
    void blockStopsCopiedBinariesEverywhereWritableWhileTheImagesRun() throws Exception {
        Path volume = Files.createDirectories(tmp.resolve("block-volume"));
        String script = tryCopy("/tmp", "tmp") + tryCopy("/vol", "vol") + tryCopy("/dev/shm", "shm") + tryCopy("/dev", "dev")
                + tryCopy("/run", "run") + tryCopy("/var/tmp", "vartmp") + tryCopy("/scratch", "scratch")
                + "echo x > /newfile; echo rootfs=$?; /bin/busybox true; echo image=$?; busybox cat /etc/passwd > /dev/null; echo read=$?";
        Exec.Result r = fx.run("--rm", "--drift", "block", "-v", volume + ":/vol", "--tmpfs", "/scratch", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly("tmp=126", "vol=126", "shm=126", "dev=126", "run=126", "vartmp=126",
                "scratch=126", "rootfs=1", "image=0", "read=0");
        assertThat(r.stderr()).as("EACCES, not a missing file").contains("sh: /tmp/true: Permission denied", "sh: /vol/true: Permission denied");
        assertThat(volume.resolve("true")).as("the copy happened; only its execution failed").exists();
    }

    @Test
    void withoutDriftPreventionTheSameCopyRuns() {
        Exec.Result r = fx.run("--rm", "sh", "-c", tryCopy("/tmp", "tmp"));
        assertThat(r.stdout()).as(r.describe()).isEqualTo("tmp=0\n");
    }

    @Test
    void blockRefusesAnExecTmpfsAndPrivileged() {
        Exec.Result exec = fx.run("--rm", "--drift", "block", "--tmpfs", "/x:exec", "true");
        assertThat(exec.exitCode()).isNotZero();
        assertThat(exec.stderr()).contains("the mount of /x asks for exec, which --drift=block forbids");
        Exec.Result privileged = fx.run("--rm", "--drift", "block", "--allow-dangerous", "--privileged", "true");
        assertThat(privileged.stderr()).contains("--drift=block cannot hold with --privileged");
    }

    @Test
    void alertReportsExecutionsAndNewExecutablesButNotTheImages() throws Exception {
        Path volume = Files.createDirectories(tmp.resolve("alert-volume"));
        String script = tryCopy("/tmp", "tmp") + tryCopy("/vol", "vol") + "busybox cp /bin/busybox /etc/tool; busybox chmod 700 /etc/tool; "
                + "echo data > /tmp/plain; /bin/busybox sleep 1";
        Exec.Result r = fx.run("--drift", "alert", "--name", "watched", "-v", volume + ":/vol", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as("alert does not stop anything").isEqualTo("tmp=0\nvol=0\n");
        assertThat(r.stderr()).contains("pier: drift: /tmp/true was executed (not from the image)",
                "pier: drift: /vol/true was executed (not from the image)",
                "pier: drift: new executable file /tmp/true (not from the image)",
                "pier: drift: new executable file /etc/tool (not from the image)")
                .doesNotContain("/etc/tool was executed", "/bin/busybox", "/bin/sh");
        List<String> events = fx.engine().control().driftEvents("watched");
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"event\":\"exec\"", "\"path\":\"/tmp/true\"", "\"place\":\"/\""))
                .anySatisfy(e -> assertThat(e).contains("\"event\":\"exec\"", "\"path\":\"/vol/true\"", "\"place\":\"/vol\""))
                .anySatisfy(e -> assertThat(e).contains("\"event\":\"new-executable\"", "\"path\":\"/etc/tool\"", "\"mode\":\"rwx------\""))
                .noneSatisfy(e -> assertThat(e).contains("/tmp/plain"))
                .noneSatisfy(e -> assertThat(e).contains("/bin/"));
        fx.engine().control().remove("watched", false);
    }
}
