package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistryServer;
import dev.pier.image.remote.TestCa;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials come from where docker and podman keep them, with no flag: ~/.docker/config.json,
 * $XDG_RUNTIME_DIR/containers/auth.json and docker-credential-* helpers. Pier runs in its own JVM
 * here, so that HOME, XDG_RUNTIME_DIR and PATH are really those of the process.
 */
class CredentialSourcesTest {
    static final String USER = "pier";
    static final String PASSWORD = "s3cret";
    @TempDir
    static Path shared;
    static RegistryServer registry;
    static Path certDir;
    static String image;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistryWithAnImage() throws IOException {
        Path htpasswd = Peers.require("htpasswd", "apache2-utils");
        Path file = shared.resolve("htpasswd");
        Files.writeString(file, Exec.of(htpasswd, "-Bbn", USER, PASSWORD).check().stdout());
        certDir = Files.createDirectories(shared.resolve("certs"));
        TestCa.Server tls = TestCa.create(shared.resolve("ca"), certDir);
        registry = RegistryServer.start(shared, RegistryServer.Config.plain().withTls(tls.certificate(), tls.key()).withHtpasswd(file));
        OciLayout layout = OciLayout.openOrCreate(shared.resolve("src"));
        RegistryFixtures.taggedImage(layout, "v1", "creds", 1000);
        image = "docker://" + registry.host() + "/creds/app:v1";
        var push = RegistryCliTest.pier("copy", "-q", "--cert-dir", certDir.toString(), "--creds", USER + ":" + PASSWORD,
                "oci:" + layout.dir() + ":v1", image);
        assertThat(push.status()).as(push.err()).isZero();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    private static String auth() {
        return Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private Exec.Result inspect(Path home, Path runtimeDir, String path) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return Exec.of(Path.of(java), "-cp", System.getProperty("java.class.path"), Pier.class.getName(),
                        "inspect", "--cert-dir", certDir.toString(), "--retry-times", "1", image)
                .env("HOME", home.toString()).env("XDG_RUNTIME_DIR", runtimeDir.toString())
                .env("DOCKER_CONFIG", null).env("REGISTRY_AUTH_FILE", null).env("PATH", path)
                .run();
    }

    @Test
    void withNoCredentialsAnywhereTheRegistryRefuses() throws IOException {
        var r = inspect(Files.createDirectories(tmp.resolve("home")), Files.createDirectories(tmp.resolve("run")), System.getenv("PATH"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("pier login " + registry.host());
    }

    @Test
    void dockerConfigJsonInHome() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth() + "\"}}}");
        var r = inspect(home, Files.createDirectories(tmp.resolve("run")), System.getenv("PATH"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @Test
    void containersAuthJsonInTheRuntimeDirectory() throws IOException {
        Path run = tmp.resolve("run");
        Files.createDirectories(run.resolve("containers"));
        Files.writeString(run.resolve("containers/auth.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth() + "\"}}}");
        var r = inspect(Files.createDirectories(tmp.resolve("home")), run, System.getenv("PATH"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @Test
    void aDockerCredentialHelperNamedInConfigJson() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"credHelpers\":{\"" + registry.host() + "\":\"pier-test\"}}");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path helper = bin.resolve("docker-credential-pier-test");
        // The helper protocol: "get" with the server on stdin, JSON with Username and Secret on stdout.
        Files.writeString(helper, """
                #!/bin/sh
                [ "$1" = get ] || exit 1
                read server
                [ "$server" = "%s" ] || { echo "credentials not found in native keychain"; exit 1; }
                printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}\\n' "$server"
                """.formatted(registry.host(), USER, PASSWORD));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        var r = inspect(home, Files.createDirectories(tmp.resolve("run")), bin + ":" + System.getenv("PATH"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }
}
