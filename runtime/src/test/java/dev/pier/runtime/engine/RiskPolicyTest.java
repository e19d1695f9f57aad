package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The settings {@code pier run} refuses without {@code --allow-dangerous}, with real paths resolved on this host. */
@Timeout(600)
class RiskPolicyTest {
    @TempDir
    static Path tmp;

    static Path store;

    @BeforeAll
    static void store() throws Exception {
        store = Files.createDirectories(tmp.resolve("store"));
    }

    private static RunRequest request(boolean privileged, String network, String pid, String ipc, List<String> volumes) {
        return new RunRequest(null, "x", null, List.of("true"), null, null, null, null, null, null,
                new RunRequest.Security(null, null, null, privileged), volumes, null, false, network, false, pid, ipc, null);
    }

    private static List<String> risky(String... volumes) {
        return RiskPolicy.of(request(false, null, null, null, List.of(volumes)), store).stream().map(RiskPolicy.Risk::setting).toList();
    }

    @Test
    void privilegedAndEveryHostNamespaceAreNamed() {
        var risks = RiskPolicy.of(request(true, "host", "host", "host", List.of()), store);
        assertThat(risks).extracting(RiskPolicy.Risk::setting).containsExactly("--privileged", "--pid host", "--ipc host", "--network host");
        assertThat(RiskPolicy.of(request(false, "none", "private", "private", List.of()), store)).isEmpty();
    }

    @Test
    void netAdminIsNamedWhenItCouldLiftARestrictedEgress() {
        RunRequest base = new RunRequest(null, "x", null, List.of("true"), null, null, null, null, null, null,
                new RunRequest.Security(List.of("net_admin"), null, null, false), null, null, false, "bridge", false);
        var restricted = base.withNetworkPolicy(dev.pier.runtime.network.NetworkPolicy.of(null,
                dev.pier.runtime.network.EgressPolicy.allowing(List.of("10.0.0.0/8:443"))));
        assertThat(RiskPolicy.of(restricted, store)).extracting(RiskPolicy.Risk::setting).containsExactly("--cap-add net_admin");
        assertThat(RiskPolicy.of(base, store)).as("open egress: a warning, not a refusal").isEmpty();
        RunRequest dropped = new RunRequest(null, "x", null, List.of("true"), null, null, null, null, null, null,
                new RunRequest.Security(List.of("ALL"), List.of("NET_ADMIN"), null, false), null, null, false, "bridge", false)
                .withNetworkPolicy(restricted.networkPolicy());
        assertThat(RiskPolicy.of(dropped, store)).as("ALL but NET_ADMIN").isEmpty();
    }

    @Test
    void hostSystemDirectoriesAndTheirAncestorsAreNamed() {
        for (String dir : List.of("/", "/etc", "/bin", "/usr/bin", "/usr/sbin", "/var/log", "/usr", "/var")) {
            assertThat(risky(dir + ":/host")).as(dir).containsExactly("-v " + dir + ":/host");
        }
        assertThat(risky("/etc:/host:ro")).as("read-only does not make /etc safe").hasSize(1);
    }

    @Test
    void dotDotAndSymbolicLinksDoNotGetAround() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("innocent"), Path.of("/etc"));
        Path storeLink = Files.createSymbolicLink(tmp.resolve("looks-like-data"), store);
        assertThat(risky(link + ":/x")).hasSize(1);
        assertThat(risky(tmp + "/../../etc:/x")).hasSize(1);
        assertThat(risky(storeLink + ":/x", store.resolve("..").resolve(store.getFileName()) + ":/y", tmp + ":/z")).hasSize(3);
        Files.createDirectories(store.resolve("volumes/data"));
        assertThat(risky(store.resolve("volumes/data") + ":/w")).as("inside the store too").hasSize(1);
    }

    @Test
    void engineSocketsAreNamedByNameAndByPlace() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sockets"));
        for (String name : List.of("docker.sock", "podman.sock", "containerd.sock", "crio.sock")) {
            Path socket = Files.createFile(dir.resolve(name));
            assertThat(risky(socket + ":/var/run/docker.sock")).as(name).hasSize(1);
        }
        Path linkToSocket = Files.createSymbolicLink(tmp.resolve("api"), dir.resolve("podman.sock"));
        assertThat(risky(linkToSocket + ":/api")).hasSize(1);
        assertThat(RiskPolicy.bindRisk(Path.of("/run"), store)).as("/run holds /run/docker.sock's place").isPresent();
    }

    @Test
    void ordinaryDirectoriesAndNamedVolumesPass() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        assertThat(risky(data + ":/data", "cache:/cache", "/anonymous")).isEmpty();
    }

    @Test
    void refusalIsOneErrorNamingEverySettingAndAllowingWarns() throws Exception {
        Peers.requireRoot();
        EngineFixture fx = new EngineFixture(tmp.resolve("engine"));
        try (var src = fx.source()) {
            RunRequest r = new RunRequest(EngineFixture.image(src), EngineFixture.IMAGE, null, List.of("true"), null, null, null, null,
                    null, null, new RunRequest.Security(null, null, null, true), List.of("/etc:/host"), null, false, "host", false, null,
                    null, null);
            assertThatThrownBy(() -> fx.engine().create(r, true, false)).isInstanceOf(RiskRefused.class)
                    .hasMessageStartingWith("refusing dangerous settings: --privileged (")
                    .hasMessageContaining("; --network host (", "; -v /etc:/host (it exposes the host's /etc")
                    .hasMessageEndingWith("; add --allow-dangerous to run anyway")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(fx.engine().containers().list()).as("nothing was created").isEmpty();
        Exec.Result allowed = fx.run("--rm", "--allow-dangerous", "--privileged", "--pid", "host", "-v", "/etc:/host:ro",
                "sh", "-c", "busybox cat /proc/1/comm; test -e /host/passwd && echo ok");
        assertThat(allowed.exitCode()).as(allowed.describe()).isZero();
        assertThat(allowed.stdout()).as("the host's pid 1, the host's /etc").endsWith("\nok\n").doesNotStartWith("sh\n");
        assertThat(allowed.stderr()).contains("pier: warning: --privileged (", "pier: warning: --pid host (",
                "pier: warning: -v /etc:/host:ro (it exposes the host's /etc");
    }

    @Test
    void rootWithoutAUserNamespaceGetsOneWarningLineAndOtherUsersNone() throws Exception {
        Peers.requireRoot();
        EngineFixture fx = new EngineFixture(tmp.resolve("root-warning"));
        Exec.Result root = fx.run("--rm", "true");
        assertThat(root.stderr().lines().filter(l -> l.contains("runs as root (uid 0) without a user namespace")).count()).isEqualTo(1);
        Exec.Result app = fx.run("--rm", "-u", "app", "true");
        assertThat(app.stderr()).doesNotContain("runs as root");
    }
}
