package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same image and script under {@code podman run} and Pier. On these machines podman needs
 * {@code --runtime runc} (crun refuses the hybrid cgroup layout) and explicit nofile/nproc
 * ulimits (its defaults exceed the host's hard limits). Podman's default capability set is 11
 * capabilities (it leaves out MKNOD, NET_RAW and AUDIT_WRITE) and it sets no no_new_privs; Pier
 * follows Docker (14 capabilities) and sets no_new_privs, so Pier is compared with those three
 * dropped and no_new_privs is checked apart.
 */
@Timeout(600)
class PodmanComparisonTest {
    private static final String SCRIPT = "id; grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|Seccomp):' /proc/self/status;"
            + " head -c 1 /proc/kcore | wc -c; ls /sys/firmware | wc -l; echo GREETING=$GREETING; echo PATH=$PATH; echo HOME=$HOME; pwd";

    @TempDir
    Path tmp;

    @Test
    void capabilitiesSeccompMaskedPathsIdsAndEnvMatchPodman() throws Exception {
        Peers.requireRoot();
        Peers.require("podman");
        Peers.require("runc");
        EngineFixture fx = new EngineFixture(tmp);
        Path layout = tmp.resolve("layout");
        try (var src = fx.source(); var dst = dev.pier.image.transport.ImageLocation.parse("oci:" + layout + ":v1", null).openDestination()) {
            dev.pier.image.transport.ImageCopier.copy(src, dst, dev.pier.image.transport.CopyOptions.defaults(), dev.pier.image.transport.CopyListener.NONE);
        }
        Exec.Result podman = Exec.of("podman", "run", "--rm", "--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit",
                "nproc=1024:1024", "--network", "none", "-u", "app", "oci:" + layout + ":v1", "sh", "-c", SCRIPT).run();
        assertThat(podman.exitCode()).as(podman.describe()).isZero();
        Exec.Result pier = fx.run("--rm", "--cap-drop", "MKNOD", "--cap-drop", "NET_RAW", "--cap-drop", "AUDIT_WRITE", "-u", "app", "--",
                "sh", "-c", SCRIPT);
        assertThat(pier.exitCode()).as(pier.describe()).isZero();
        assertThat(lines(pier.stdout())).isEqualTo(lines(podman.stdout()));
        assertThat(fx.run("--rm", "grep", "NoNewPrivs", "/proc/self/status").stdout()).contains("1");
    }

    private static Map<Integer, String> lines(String out) {
        Map<Integer, String> m = new TreeMap<>();
        String[] l = out.split("\n");
        for (int i = 0; i < l.length; i++) {
            m.put(i, l[i]);
        }
        return m;
    }
}
