package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.ref.Reference;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.CopyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication (htpasswd) over TLS with a test CA: --creds, auth files, refused credentials. */
class RegistryAuthTest {
    static final Credentials GOOD = new Credentials("pier", "s3cret");
    @TempDir
    static Path shared;
    static RegistryServer registry;
    static Path certDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() throws IOException {
        Path htpasswd = Peers.require("htpasswd", "apache2-utils");
        Path file = shared.resolve("htpasswd");
        Files.writeString(file, Exec.of(htpasswd, "-Bbn", GOOD.username(), GOOD.password()).check().stdout());
        certDir = Files.createDirectories(shared.resolve("certs"));
        TestCa.Server tls = TestCa.create(shared.resolve("ca"), certDir);
        registry = RegistryServer.start(shared, RegistryServer.Config.plain().withTls(tls.certificate(), tls.key()).withHtpasswd(file));
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    RegistryOptions verified() {
        return RegistryOptions.defaults().withCertDir(certDir).withAuthFile(tmp.resolve("none.json")).withMaxAttempts(2);
    }

    @Test
    void withoutCredentialsTheErrorSaysToLogIn() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RegistryFixtures.taggedImage(layout, "v1", "anon", 1000);
        assertThatThrownBy(() -> RegistryTransportTest.copy("oci:" + layout.dir() + ":v1",
                "docker://" + registry.host() + "/pier/auth:v1", CopyOptions.defaults(), verified()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(registry.host() + "/pier/auth")
                .hasMessageContaining("pier login " + registry.host());
    }

    @Test
    void credsPushAndSkopeoPullsBack() throws IOException {
        Path skopeo = Peers.require("skopeo");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "creds", 100_000);
        String ref = "docker://" + registry.host() + "/pier/creds:v1";

        RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), verified().withCreds(GOOD));

        String raw = Exec.of(skopeo, "inspect", "--raw", "--cert-dir", certDir.toString(),
                "--creds", GOOD.username() + ":" + GOOD.password(), ref).check().stdout();
        assertThat(dev.pier.image.digest.Digest.sha256(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(m.digest());
    }

    @Test
    void authFileLoginAndLogout() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "authfile", 1000);
        String ref = "docker://" + registry.host() + "/pier/authfile:v1";
        Path authFile = tmp.resolve("auth.json");
        AuthFile.login(authFile, registry.host(), GOOD);
        RegistryOptions options = verified().withAuthFile(authFile);
        assertThat(Files.getPosixFilePermissions(authFile)).hasSize(2);

        RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), options);
        try (RegistrySource src = new RegistrySource(Reference.parse(ref.substring(9)), options)) {
            assertThat(src.manifest().digest()).isEqualTo(m.digest());
        }

        assertThat(AuthFile.logout(authFile, registry.host())).isTrue();
        try (RegistrySource src = new RegistrySource(Reference.parse(ref.substring(9)), options)) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class).hasMessageContaining("authentication required");
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        RegistryOptions options = verified().withCreds(new Credentials("pier", "wrong"));
        try (RegistrySource src = new RegistrySource(Reference.parse(registry.host() + "/pier/creds:v1"), options)) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class)
                    .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(401));
        }
    }

    @Test
    void tlsIsVerifiedAgainstTheSystemTrustByDefault() {
        RegistryOptions noCa = RegistryOptions.defaults().withCertDir(tmp).withCreds(GOOD).withMaxAttempts(1);
        try (RegistrySource src = new RegistrySource(Reference.parse(registry.host() + "/pier/creds:v1"), noCa)) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("--tls-verify=false");
        }
        RegistryOptions insecure = RegistryOptions.defaults().withTlsVerify(false).withCreds(GOOD).withMaxAttempts(1);
        try (RegistrySource src = new RegistrySource(Reference.parse(registry.host() + "/pier/nothing:v1"), insecure)) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class).hasMessageContaining("not found");
        }
    }
}
