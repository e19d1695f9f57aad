package dev.pier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.ref.Reference;
import dev.pier.image.remote.Credentials;
import dev.pier.image.remote.RegistryException;
import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistrySource;
import dev.pier.image.remote.TestCa;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pier's registry over HTTPS with a certificate from a test CA (and Basic auth): Pier's client and skopeo trust the CA; plain HTTP gets nowhere. */
class TlsInteropTest {
    static final Credentials USER = new Credentials("tls-user", "tls-pass");
    @TempDir
    Path tmp;
    private RegistryServer server;
    private Path certDir;
    private String host;

    @BeforeEach
    void start() throws Exception {
        certDir = Files.createDirectories(tmp.resolve("certs"));
        TestCa.Server tls = TestCa.create(tmp.resolve("ca"), certDir);
        RegistryConfig config = RegistryConfig.empty().withAddr("127.0.0.1:0").withTls(tls.certificate(), tls.key())
                .withHtpasswd(AuthTesting.htpasswd(tmp, USER));
        server = RegistryServer.start(config, tmp.resolve("registry"), null);
        host = "127.0.0.1:" + server.port();
        assertThat(server.baseUri().getScheme()).isEqualTo("https");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private dev.pier.image.remote.RegistryOptions verified() {
        return dev.pier.image.remote.RegistryOptions.defaults().withCertDir(certDir).withAuthFile(tmp.resolve("no-auth.json"))
                .withMaxAttempts(2).withCreds(USER);
    }

    @Test
    void pierClientPushesAndPullsVerifyingTheCertificate() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "tls", 50_000);
        AuthTesting.copy("oci:" + layout.dir() + ":v1", "docker://" + host + "/tls/app:v1", verified());
        try (RegistrySource src = new RegistrySource(Reference.parse(host + "/tls/app:v1"), verified())) {
            assertThat(src.manifest().digest()).isEqualTo(m.digest());
        }
        var untrusted = dev.pier.image.remote.RegistryOptions.defaults().withCertDir(tmp.resolve("ca-less")).withMaxAttempts(1).withCreds(USER);
        Files.createDirectories(tmp.resolve("ca-less"));
        try (RegistrySource src = new RegistrySource(Reference.parse(host + "/tls/app:v1"), untrusted)) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class).hasMessageContaining("--tls-verify=false");
        }
    }

    @Test
    void skopeoPushesAndPullsWithTheCaInItsCertDir() throws Exception {
        Path skopeo = Peers.require("skopeo");
        Path layout = tmp.resolve("src");
        SkopeoInteropTest.writeImage(layout);
        String ref = "docker://" + host + "/tls/skopeo:v1";
        String creds = USER.username() + ":" + USER.password();
        Exec.of(skopeo, "--insecure-policy", "copy", "--dest-cert-dir", certDir.toString(), "--dest-creds", creds,
                "oci:" + layout + ":v1", ref).env("HOME", tmp.toString()).check();
        Path out = tmp.resolve("out");
        Exec.of(skopeo, "--insecure-policy", "copy", "--src-cert-dir", certDir.toString(), "--src-creds", creds,
                ref, "oci:" + out + ":v1").env("HOME", tmp.toString()).check();
        for (Path blob : Files.list(layout.resolve("blobs/sha256")).toList()) {
            assertThat(out.resolve("blobs/sha256").resolve(blob.getFileName())).hasSameBinaryContentAs(blob);
        }
        Exec.Result noCa = Exec.of(skopeo, "inspect", "--raw", "--creds", creds, ref).env("HOME", tmp.toString()).run();
        assertThat(noCa.ok()).isFalse();
        assertThat(noCa.stderr()).contains("certificate");
    }

    @Test
    void plainHttpIsRefused() {
        URI plain = URI.create("http://" + host + "/v2/");
        assertThatThrownBy(() -> AuthTesting.send("GET", plain, AuthTesting.basic(USER.username(), USER.password())))
                .isInstanceOf(IOException.class);
    }
}
