package dev.pier.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token issuing and verification: scopes narrowed by policy, signature, expiry, audience, issuer, key file. */
class TokenServiceTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    @TempDir
    Path tmp;

    TokenService service(TokenKeys keys, String issuer, String audience, Instant now) {
        return new TokenService(keys, issuer, audience, Duration.ofMinutes(5), AccessPolicyTest.POLICY, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void grantsTheAllowedPartOfTheRequestedScopes() {
        TokenService s = service(TokenKeys.loadOrCreate(tmp.resolve("k.pem")), "pier", "svc", NOW);
        TokenService.Issued issued = s.issue("alice", List.of(Scope.parse("repository:team/app:pull,push,delete"),
                Scope.parse("repository:other/x:pull,push"), Scope.parse("repository:public/base:*"), Scope.parse("registry:catalog:*")));
        assertThat(issued.access()).map(Scope::toString)
                .containsExactly("repository:team/app:pull,push", "repository:public/base:pull", "registry:catalog:*");
        TokenGrant g = s.verify(issued.token());
        assertThat(g.subject()).isEqualTo("alice");
        assertThat(g.allows("team/app", "push")).isTrue();
        assertThat(g.allows("team/app", "delete")).isFalse();
        assertThat(g.allows("other/x", "pull")).isFalse();
        assertThat(g.allowsCatalog()).isTrue();

        TokenGrant anon = s.verify(s.issue(null, List.of(Scope.parse("repository:public/base:pull"), Scope.parse("registry:catalog:*"))).token());
        assertThat(anon.subject()).isNull();
        assertThat(anon.access()).isEmpty();
    }

    @Test
    void refusesExpiredForeignTamperedAndUnsignedTokens() {
        TokenKeys keys = TokenKeys.loadOrCreate(tmp.resolve("k.pem"));
        TokenService s = service(keys, "pier", "svc", NOW);
        String token = s.issue("alice", List.of(Scope.parse("repository:team/app:pull"))).token();
        assertThat(service(keys, "pier", "svc", NOW.plus(Duration.ofMinutes(4))).verify(token)).isNotNull();
        assertThat(service(keys, "pier", "svc", NOW.plus(Duration.ofMinutes(6))).verify(token)).isNull();
        assertThat(service(keys, "pier", "svc", NOW.minus(Duration.ofMinutes(5))).verify(token)).isNull();
        assertThat(service(keys, "pier", "other-service", NOW).verify(token)).isNull();
        assertThat(service(keys, "someone-else", "svc", NOW).verify(token)).isNull();
        assertThat(service(TokenKeys.loadOrCreate(tmp.resolve("other.pem")), "pier", "svc", NOW).verify(token)).isNull();

        String[] parts = token.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("team/app", "team/evil");
        assertThat(s.verify(parts[0] + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2])).isNull();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(s.verify(none + "." + parts[1] + ".")).isNull();
        assertThat(s.verify("garbage")).isNull();
    }

    @Test
    void keyFileIsPrivateAndKeptAcrossStarts() throws Exception {
        Path file = tmp.resolve("auth/token-key.pem");
        TokenKeys first = TokenKeys.loadOrCreate(file);
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
        String token = service(first, "pier", "svc", NOW).issue("alice", List.of()).token();
        assertThat(service(TokenKeys.loadOrCreate(file), "pier", "svc", NOW).verify(token)).isNotNull();

        String pem = Files.readString(file);
        Path publicOnly = Files.writeString(tmp.resolve("public.pem"), pem.substring(pem.indexOf("-----BEGIN PUBLIC KEY")));
        TokenService verifier = service(TokenKeys.load(publicOnly), "pier", "svc", NOW);
        assertThat(verifier.canIssue()).isFalse();
        assertThat(verifier.verify(token)).isNotNull();

        Path privateOnly = Files.writeString(tmp.resolve("private.pem"), pem.substring(0, pem.indexOf("-----BEGIN PUBLIC KEY")));
        assertThatThrownBy(() -> TokenKeys.load(privateOnly)).isInstanceOf(PierException.class).hasMessageContaining("-pubout");
    }

    @Test
    void scopesParseAsDockerWritesThem() {
        assertThat(Scope.parse("repository:team/app:pull,push")).isEqualTo(new Scope("repository", "team/app", List.of("pull", "push")));
        assertThat(Scope.parse("repository(plugin):a/b:pull").type()).isEqualTo("repository");
        assertThat(Scope.parse("registry:catalog:*").actions()).containsExactly("*");
        assertThat(Scope.parse("nonsense")).isNull();
        assertThat(Scope.parse("repository::pull")).isNull();
    }
}
