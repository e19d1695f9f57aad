package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier run -p}: a container on Pier's CNI bridge serves HTTP on a published port that the
 * host reaches on 127.0.0.1, and stopping and removing it leaves no NAT rule behind (root, with
 * Debian's CNI plugins and iptables).
 */
@Timeout(300)
class PublishCliTest {
    private static final String IMAGE = "cli/busybox:publish";
    private static final int PORT = 18097;

    @TempDir
    static Path tmp;

    static Path store;

    @BeforeAll
    static void image() throws Exception {
        CniPlugins.require();
        store = tmp.resolve("store");
        BusyboxImage.importInto(store, tmp, IMAGE, List.of("sh", "httpd", "mkdir", "ip", "true"));
    }

    private static RegistryCliTest.Run pier(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", store.toString()));
        all.addAll(List.of(args));
        return RegistryCliTest.pier(all.toArray(String[]::new));
    }

    @Test
    void aPublishedPortAnswersOnLocalhostAndLeavesNoRuleBehind() throws Exception {
        var started = pier("run", "-d", "--name", "web", "-p", "127.0.0.1:" + PORT + ":80", IMAGE,
                "sh", "-c", "mkdir -p /w && echo hello-published > /w/index.html && exec httpd -f -p 80 -h /w");
        assertThat(started.status()).as(started.err()).isZero();
        try {
            assertThat(HttpPoll.get("http://127.0.0.1:" + PORT + "/index.html")).isEqualTo("hello-published\n");
        } finally {
            assertThat(pier("stop", "web").status()).isZero();
            assertThat(pier("rm", "web").status()).isZero();
        }
        String rules = Exec.of(Peers.require("iptables-save", "iptables").toString()).check().stdout();
        assertThat(rules).as("the DNAT rule of the published port is gone").doesNotContain("--dport " + PORT);
    }

    @Test
    void theContainerHasAnAddressOnTheBridgeAndPortsNeedIt() {
        Exec.Result run = PierProcess.of(store, "run", "--rm", "--network", "bridge", IMAGE, "ip", "-4", "addr", "show", "eth0").run();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("inet 10.89.0.");
        var wrong = pier("run", "--rm", "--network", "none", "-p", "8080:80", IMAGE, "true");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).contains("-p publishes ports of the bridge or slirp4netns network, not of --network none");
        var bad = pier("run", "--rm", "-p", "80", IMAGE, "true");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("expected [HOST_IP:]HOST_PORT:CONTAINER_PORT");
    }
}
