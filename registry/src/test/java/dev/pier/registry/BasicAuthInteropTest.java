package dev.pier.registry;

import static dev.pier.registry.AuthTesting.basic;
import static dev.pier.registry.AuthTesting.challenge;
import static dev.pier.registry.AuthTesting.client;
import static dev.pier.registry.AuthTesting.errorCode;
import static dev.pier.registry.AuthTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.ref.Reference;
import dev.pier.image.remote.Credentials;
import dev.pier.image.remote.RegistryException;
import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistrySource;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.registry.auth.AccessRule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pier's registry with htpasswd Basic auth and access rules, used by skopeo, Pier's client and raw HTTP. */
class BasicAuthInteropTest {
    static final Credentials WRITER = new Credentials("writer", "w-pass");
    static final Credentials READER = new Credentials("reader", "r-pass");
    @TempDir
    Path tmp;
    private RegistryServer server;
    private String host;

    @BeforeEach
    void start() throws Exception {
        Path file = AuthTesting.htpasswd(tmp, WRITER, READER);
        AuthConfig auth = new AuthConfig(file, null, false, List.of(
                new AccessRule("writer", "*", List.of("*")),
                new AccessRule("reader", "*", List.of("pull"))), null);
        server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0").withAuth(auth), tmp.resolve("registry"), null);
        host = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Exec skopeo(String... args) {
        return Exec.of(Peers.require("skopeo"), "--insecure-policy").args(args).env("HOME", tmp.toString());
    }

    @Test
    void skopeoPushesAndPullsWithCreds() throws Exception {
        Path layout = tmp.resolve("src");
        SkopeoInteropTest.writeImage(layout);
        String ref = "docker://" + host + "/basic/app:v1";
        skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "writer:w-pass", "oci:" + layout + ":v1", ref).check();
        Path out = tmp.resolve("out");
        skopeo("copy", "--src-tls-verify=false", "--src-creds", "reader:r-pass", ref, "oci:" + out + ":pulled").check();
        for (Path blob : Files.list(layout.resolve("blobs/sha256")).toList()) {
            assertThat(out.resolve("blobs/sha256").resolve(blob.getFileName())).hasSameBinaryContentAs(blob);
        }
        Exec.Result anonymous = skopeo("inspect", "--tls-verify=false", "--raw", ref).run();
        assertThat(anonymous.ok()).isFalse();
        Exec.Result wrong = skopeo("inspect", "--tls-verify=false", "--raw", "--creds", "reader:nope", ref).run();
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.stderr()).containsIgnoringCase("unauthorized");
    }

    @Test
    void pierClientPushesAndPullsWithCreds() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "basic", 50_000);
        String ref = host + "/basic/pier:v1";
        AuthTesting.copy("oci:" + layout.dir() + ":v1", "docker://" + ref, client(tmp, WRITER));
        Path out = tmp.resolve("out");
        AuthTesting.copy("docker://" + ref, "oci:" + out + ":v1", client(tmp, READER));
        try (RegistrySource src = new RegistrySource(Reference.parse(ref), client(tmp, READER))) {
            assertThat(src.manifest().digest()).isEqualTo(m.digest());
        }
        try (RegistrySource src = new RegistrySource(Reference.parse(ref), client(tmp, new Credentials("reader", "wrong")))) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class)
                    .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(401));
        }
    }

    @Test
    void missingOrWrongCredentialsGet401WithChallengeAndErrorBody() throws Exception {
        URI base = server.baseUri();
        for (String auth : new String[] {null, basic("reader", "wrong"), basic("nobody", "r-pass"), "Basic !!!"}) {
            var r = send("GET", base.resolve("/v2/"), auth);
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(challenge(r)).isEqualTo("Basic realm=\"pier\"");
            assertThat(errorCode(r)).isEqualTo("UNAUTHORIZED");
        }
        assertThat(send("GET", base.resolve("/v2/"), basic("reader", "r-pass")).statusCode()).isEqualTo(200);
        assertThat(send("GET", base.resolve("/v2/basic/x/tags/list"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void readOnlyUserGets403OnPush() throws Exception {
        var r = send("POST", server.baseUri().resolve("/v2/basic/ro/blobs/uploads/"), basic("reader", "r-pass"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(errorCode(r)).isEqualTo("DENIED");
        assertThat(send("DELETE", server.baseUri().resolve("/v2/basic/ro/manifests/v1"), basic("reader", "r-pass")).statusCode()).isEqualTo(403);

        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RegistryFixtures.taggedImage(layout, "v1", "ro", 1000);
        assertThatThrownBy(() -> AuthTesting.copy("oci:" + layout.dir() + ":v1", "docker://" + host + "/basic/ro:v1", client(tmp, READER)))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(403));
        Exec.Result skopeo = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "reader:r-pass",
                "oci:" + layout.dir() + ":v1", "docker://" + host + "/basic/ro:v1").run();
        assertThat(skopeo.ok()).isFalse();
        assertThat(skopeo.stderr()).containsIgnoringCase("denied");
    }
}
