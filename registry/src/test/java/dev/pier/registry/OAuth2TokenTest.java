package dev.pier.registry;

import static dev.pier.registry.AuthTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.remote.Credentials;
import dev.pier.image.spec.Json;
import dev.pier.registry.auth.AccessRule;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /token}, the OAuth2 form of the token endpoint (distribution's spec/auth/oauth), over real HTTP. */
class OAuth2TokenTest {
    @TempDir
    Path tmp;
    private RegistryServer server;
    private Path users;

    @BeforeEach
    void start() throws Exception {
        users = AuthTesting.htpasswd(tmp, new Credentials("alice", "a-pass"), new Credentials("bob", "b-pass"));
        AuthConfig auth = new AuthConfig(users, null, false, List.of(
                new AccessRule("alice", "team/*", List.of("pull", "push")),
                new AccessRule("bob", "team/*", List.of("pull"))),
                new AuthConfig.Token(null, null, null, null, null));
        server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0").withAuth(auth), tmp.resolve("registry"), null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<byte[]> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        return Json.tree(r.body(), "token response");
    }

    private URI uploads(String repo) {
        return server.baseUri().resolve("/v2/" + repo + "/blobs/uploads/");
    }

    @Test
    void passwordGrantGivesAScopedTokenAndARefreshTokenThatGetsMore() throws Exception {
        var r = post(Map.of("grant_type", "password", "username", "alice", "password", "a-pass", "service", "pier-registry",
                "client_id", "pier-test", "access_type", "offline", "scope", "repository:team/app:pull,push repository:other/x:pull"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("scope").asText()).isEqualTo("repository:team/app:pull,push"); // other/x is not alice's
        assertThat(body.path("expires_in").asInt()).isEqualTo(300);
        assertThat(body.path("token").asText()).isEqualTo(body.path("access_token").asText());
        String refresh = body.path("refresh_token").asText();
        assertThat(refresh).isNotEmpty();
        assertThat(send("POST", uploads("team/app"), "Bearer " + body.path("access_token").asText()).statusCode()).isEqualTo(202);
        assertThat(send("POST", uploads("team/other"), "Bearer " + body.path("access_token").asText()).statusCode()).isEqualTo(401);

        var refreshed = post(Map.of("grant_type", "refresh_token", "refresh_token", refresh, "service", "pier-registry",
                "client_id", "pier-test", "scope", "repository:team/other:push"));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(json(refreshed).path("refresh_token").asText()).isEqualTo(refresh); // the same one, as the spec says
        assertThat(json(refreshed).path("scope").asText()).isEqualTo("repository:team/other:push");
        assertThat(send("POST", uploads("team/other"), "Bearer " + json(refreshed).path("access_token").asText()).statusCode()).isEqualTo(202);

        assertThat(send("GET", server.baseUri().resolve("/v2/"), "Bearer " + refresh).statusCode())
                .as("a refresh token is not a bearer token").isEqualTo(401);
    }

    @Test
    void refusalsAreRfc6749Errors() throws Exception {
        var online = post(Map.of("grant_type", "password", "username", "bob", "password", "b-pass", "service", "pier-registry", "client_id", "t"));
        assertThat(online.statusCode()).isEqualTo(200);
        assertThat(json(online).has("refresh_token")).as("no refresh token without access_type=offline").isFalse();
        assertThat(json(online).path("scope").asText()).isEmpty();

        assertRefused(post(Map.of("grant_type", "password", "username", "bob", "password", "wrong", "service", "pier-registry", "client_id", "t")), "invalid_grant");
        assertRefused(post(Map.of("grant_type", "password", "username", "bob", "password", "b-pass", "service", "pier-registry")), "invalid_request");
        assertRefused(post(Map.of("grant_type", "password", "username", "bob", "password", "b-pass", "service", "elsewhere", "client_id", "t")), "invalid_request");
        assertRefused(post(Map.of("grant_type", "authorization_code", "code", "x", "service", "pier-registry", "client_id", "t")), "unsupported_grant_type");
        assertRefused(post(Map.of("grant_type", "refresh_token", "refresh_token", json(online).path("access_token").asText(),
                "service", "pier-registry", "client_id", "t")), "invalid_grant"); // an access token is not a refresh token
        assertRefused(post(Map.of()), "invalid_request");
    }

    @Test
    void aRemovedUsersRefreshTokenStopsWorking() throws Exception {
        var r = post(Map.of("grant_type", "password", "username", "bob", "password", "b-pass", "service", "pier-registry",
                "client_id", "t", "access_type", "offline"));
        String refresh = json(r).path("refresh_token").asText();
        Files.writeString(users, Files.readAllLines(users).stream().filter(l -> l.startsWith("alice:")).collect(Collectors.joining("\n", "", "\n")));
        Thread.sleep(1100); // past the file-time granularity the htpasswd reload compares
        assertRefused(post(Map.of("grant_type", "refresh_token", "refresh_token", refresh, "service", "pier-registry", "client_id", "t")), "invalid_grant");
    }

    private static void assertRefused(HttpResponse<byte[]> r, String error) {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo(error);
        assertThat(json(r).path("error_description").asText()).isNotEmpty();
    }
}
