package dev.pier.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.Credentials;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.registry.auth.AccessRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman and buildah pull from and push to Pier's registry through the token protocol, with
 * their storage in a temporary root (vfs driver, cgroupfs, file events: no system state touched).
 */
class PodmanBuildahInteropTest {
    static final Credentials DEV = new Credentials("dev", "dev-pass");
    @TempDir
    Path tmp;
    private RegistryServer server;
    private String host;

    @BeforeEach
    void start() throws Exception {
        Peers.requireRoot();
        AuthConfig auth = new AuthConfig(AuthTesting.htpasswd(tmp, DEV), null, false,
                List.of(new AccessRule("dev", "team/*", List.of("pull", "push"))), new AuthConfig.Token(null, null, null, null, null));
        server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0").withAuth(auth), tmp.resolve("registry"), null);
        host = "127.0.0.1:" + server.port();
        Files.writeString(tmp.resolve("auth.json"), "{\"auths\":{}}"); // REGISTRY_AUTH_FILE must exist: none of the user's logins leak in
        Path layout = tmp.resolve("src");
        SkopeoInteropTest.writeImage(layout);
        Exec.of(Peers.require("skopeo"), "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", creds(),
                "oci:" + layout + ":v1", "docker://" + host + "/team/base:v1").env("HOME", tmp.toString()).check();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String creds() {
        return DEV.username() + ":" + DEV.password();
    }

    private Exec tool(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Peers.require(name).toString(),
                "--root", tmp.resolve(name + "-root").toString(), "--runroot", tmp.resolve(name + "-run").toString(),
                "--storage-driver", "vfs"));
        if (name.equals("podman")) {
            command.addAll(List.of("--cgroup-manager=cgroupfs", "--events-backend=file", "--tmpdir", tmp.resolve("podman-tmp").toString()));
        }
        command.addAll(List.of(args));
        return Exec.of(command).env("HOME", tmp.toString()).env("XDG_RUNTIME_DIR", tmp.resolve("xdg").toString())
                .env("REGISTRY_AUTH_FILE", tmp.resolve("auth.json").toString());
    }

    private boolean inspectable(String repoAndTag) {
        return Exec.of(Peers.require("skopeo"), "inspect", "--raw", "--tls-verify=false", "--creds", creds(), "docker://" + host + "/" + repoAndTag)
                .env("HOME", tmp.toString()).run().ok();
    }

    @Test
    void podmanPullsAndPushes() {
        tool("podman", "pull", "--tls-verify=false", "--creds", creds(), host + "/team/base:v1").check();
        tool("podman", "push", "--tls-verify=false", "--creds", creds(), host + "/team/base:v1", "docker://" + host + "/team/podman:v1").check();
        assertThat(inspectable("team/podman:v1")).isTrue();
        Exec.Result denied = tool("podman", "push", "--tls-verify=false", "--creds", creds(), host + "/team/base:v1", "docker://" + host + "/other/podman:v1").run();
        assertThat(denied.ok()).isFalse();
        assertThat(denied.stderr()).contains("403");
    }

    @Test
    void buildahCommitsAndPushes() {
        String container = tool("buildah", "from", "--tls-verify=false", "--creds", creds(), host + "/team/base:v1").check().stdout().strip();
        tool("buildah", "config", "--label", "built-by=buildah", container).check();
        tool("buildah", "commit", container, "localhost/built:v1").check();
        tool("buildah", "push", "--tls-verify=false", "--creds", creds(), "localhost/built:v1", "docker://" + host + "/team/buildah:v1").check();
        assertThat(inspectable("team/buildah:v1")).isTrue();
    }
}
