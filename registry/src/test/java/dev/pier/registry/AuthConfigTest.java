package dev.pier.registry;

import static dev.pier.registry.AuthTesting.basic;
import static dev.pier.registry.AuthTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.remote.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth:} section read from YAML, and what a server started from it enforces. */
class AuthConfigTest {
    @TempDir
    Path tmp;

    @Test
    void yamlConfiguresTokensRulesAndAnonymousPull() throws Exception {
        Path htpasswd = AuthTesting.htpasswd(tmp, new Credentials("alice", "a-pass"));
        Path file = Files.writeString(tmp.resolve("config.yml"), """
                addr: 127.0.0.1:0
                auth:
                  htpasswd: %s
                  anonymousPull: true
                  rules:
                    - {account: alice, repository: "team/*", actions: [pull, push]}
                  token: {service: my-registry, issuer: me, expiry: 2m}
                """.formatted(htpasswd));
        RegistryConfig config = RegistryConfig.load(file);
        assertThat(config.auth().rules()).hasSize(1);
        assertThat(config.auth().token().effectiveExpiry().toSeconds()).isEqualTo(120);
        try (RegistryServer server = RegistryServer.start(config, tmp.resolve("registry"), null)) {
            var r = send("GET", server.baseUri().resolve("/token?service=my-registry&scope=repository:team/a:push"), basic("alice", "a-pass"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(send("GET", server.baseUri().resolve("/v2/"), null).headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("service=\"my-registry\"");
            assertThat(tmp.resolve("registry/auth/token-key.pem")).exists();
        }
    }

    @Test
    void badAuthSectionsFailWithOneLine() throws Exception {
        Path unknown = Files.writeString(tmp.resolve("unknown.yml"), "auth: {htpasswd: x, nope: 1}\n");
        assertThatThrownBy(() -> RegistryConfig.load(unknown)).isInstanceOf(PierException.class).hasMessageContaining("nope");
        Path action = Files.writeString(tmp.resolve("action.yml"), "addr: 127.0.0.1:0\nauth: {htpasswd: %s, rules: [{account: a, repository: x, actions: [write]}]}\n"
                .formatted(AuthTesting.htpasswd(tmp, new Credentials("a", "b"))));
        assertThatThrownBy(() -> RegistryServer.start(RegistryConfig.load(action), tmp.resolve("r"), null))
                .isInstanceOf(PierException.class).hasMessageContaining("unknown action \"write\"");
        Path tokenOnly = Files.writeString(tmp.resolve("token.yml"), "addr: 127.0.0.1:0\nauth: {token: {}}\n");
        assertThatThrownBy(() -> RegistryServer.start(RegistryConfig.load(tokenOnly), tmp.resolve("r2"), null))
                .isInstanceOf(PierException.class).hasMessageContaining("auth.htpasswd");
    }
}
