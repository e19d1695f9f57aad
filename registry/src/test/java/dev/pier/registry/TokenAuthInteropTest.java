package dev.pier.registry;

import static dev.pier.registry.AuthTesting.basic;
import static dev.pier.registry.AuthTesting.challenge;
import static dev.pier.registry.AuthTesting.client;
import static dev.pier.registry.AuthTesting.errorCode;
import static dev.pier.registry.AuthTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.Credentials;
import dev.pier.image.remote.RegistryException;
import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistrySource;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.registry.auth.AccessRule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's token protocol on Pier's registry with its own /token issuer, exercised by skopeo, Pier's client and raw HTTP. */
class TokenAuthInteropTest {
    static final Credentials ALICE = new Credentials("alice", "a-pass");
    static final Credentials ADMIN = new Credentials("admin", "root-pass");
    @TempDir
    Path tmp;
    private RegistryServer server;
    private String host;

    @BeforeEach
    void start() throws Exception {
        Path file = AuthTesting.htpasswd(tmp, ALICE, ADMIN);
        AuthConfig auth = new AuthConfig(file, null, true, List.of(
                new AccessRule("alice", "team/*", List.of("pull", "push")),
                new AccessRule("admin", "*", List.of("*"))),
                new AuthConfig.Token(null, null, null, null, null));
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
    void challengesNameRealmServiceAndScope() throws Exception {
        URI base = server.baseUri();
        var ping = send("GET", base.resolve("/v2/"), null);
        assertThat(ping.statusCode()).isEqualTo(401);
        assertThat(errorCode(ping)).isEqualTo("UNAUTHORIZED");
        assertThat(challenge(ping)).isEqualTo("Bearer realm=\"" + base + "/token\",service=\"pier-registry\"");
        var push = send("POST", base.resolve("/v2/team/app/blobs/uploads/"), null);
        assertThat(push.statusCode()).isEqualTo(401);
        assertThat(challenge(push)).isEqualTo("Bearer realm=\"" + base + "/token\",service=\"pier-registry\",scope=\"repository:team/app:pull,push\"");
        assertThat(challenge(send("DELETE", base.resolve("/v2/team/app/manifests/v1"), null))).endsWith("scope=\"repository:team/app:delete\"");
        assertThat(send("GET", base.resolve("/v2/"), basic("alice", "a-pass")).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenEndpointIssuesScopedTokensThatTheRegistryEnforces() throws Exception {
        URI base = server.baseUri();
        URI tokenUri = base.resolve("/token?service=pier-registry&scope=repository:team/app:pull,push&scope=repository:other/x:pull,push");
        var wrong = send("GET", tokenUri, basic("alice", "nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(errorCode(wrong)).isEqualTo("UNAUTHORIZED");
        var r = send("GET", tokenUri, basic("alice", "a-pass"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.tree(r.body(), "token response");
        String token = body.path("token").asText();
        assertThat(body.path("access_token").asText()).isEqualTo(token);
        assertThat(body.path("expires_in").asInt()).isEqualTo(300);
        JsonNode claims = Json.tree(Base64.getUrlDecoder().decode(token.split("\\.")[1]), "claims");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("aud").asText()).isEqualTo("pier-registry");
        assertThat(claims.path("access").toString()).isEqualTo("[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\",\"push\"]},"
                + "{\"type\":\"repository\",\"name\":\"other/x\",\"actions\":[\"pull\"]}]"); // anonymous pull is on: pull only

        String bearer = "Bearer " + token;
        assertThat(send("GET", base.resolve("/v2/"), bearer).statusCode()).isEqualTo(200);
        assertThat(send("POST", base.resolve("/v2/team/app/blobs/uploads/"), bearer).statusCode()).isEqualTo(202);
        var denied = send("POST", base.resolve("/v2/other/x/blobs/uploads/"), bearer);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorCode(denied)).isEqualTo("DENIED");
        var narrow = send("GET", base.resolve("/v2/team/other/tags/list"), bearer);
        assertThat(narrow.statusCode()).isEqualTo(401);
        assertThat(challenge(narrow)).contains("error=\"insufficient_scope\"");
        var forged = send("GET", base.resolve("/v2/"), bearer.substring(0, bearer.length() - 4) + "AAAA");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(challenge(forged)).contains("error=\"invalid_token\"");
        assertThat(send("GET", base.resolve("/token?service=elsewhere"), null).statusCode()).isEqualTo(400);
    }

    @Test
    void skopeoFollowsTheTokenProtocolWithinItsScopes() throws Exception {
        Path layout = tmp.resolve("src");
        SkopeoInteropTest.writeImage(layout);
        String ref = "docker://" + host + "/team/app:v1";
        skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "alice:a-pass", "oci:" + layout + ":v1", ref).check();
        Exec.Result other = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "alice:a-pass", "oci:" + layout + ":v1", "docker://" + host + "/other/x:v1").run();
        assertThat(other.ok()).isFalse();
        assertThat(other.stderr()).contains("denied");
        Path out = tmp.resolve("out");
        skopeo("copy", "--src-tls-verify=false", ref, "oci:" + out + ":anonymous").check(); // anonymous pull is on
        assertThat(Files.list(out.resolve("blobs/sha256")).count()).isEqualTo(Files.list(layout.resolve("blobs/sha256")).count());
        Exec.Result aliceDelete = skopeo("delete", "--tls-verify=false", "--creds", "alice:a-pass", ref).run();
        assertThat(aliceDelete.ok()).isFalse();
        skopeo("delete", "--tls-verify=false", "--creds", "admin:root-pass", ref).check();
        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", ref).run().ok()).isFalse();
    }

    @Test
    void pierClientFollowsTheTokenProtocolWithinItsScopes() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "token", 50_000);
        AuthTesting.copy("oci:" + layout.dir() + ":v1", "docker://" + host + "/team/pier:v1", client(tmp, ALICE));
        try (RegistrySource src = new RegistrySource(Reference.parse(host + "/team/pier:v1"), client(tmp, null))) {
            assertThat(src.manifest().digest()).isEqualTo(m.digest());
        }
        AuthTesting.copy("docker://" + host + "/team/pier:v1", "docker://" + host + "/team/copy:v1", client(tmp, ALICE)); // a mount
        assertThatThrownBy(() -> AuthTesting.copy("oci:" + layout.dir() + ":v1", "docker://" + host + "/other/x:v1", client(tmp, ALICE)))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(403));
        assertThatThrownBy(() -> AuthTesting.copy("oci:" + layout.dir() + ":v1", "docker://" + host + "/team/x:v1", client(tmp, new Credentials("alice", "bad"))))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(401));
    }
}
