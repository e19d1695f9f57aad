package dev.pier.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies the bearer tokens of Docker's token protocol: JWTs with {@code iss},
 * {@code sub}, {@code aud} (the service), {@code exp}, {@code nbf}, {@code iat}, {@code jti} and
 * {@code access: [{type, name, actions}]}. A token grants the scopes asked for, narrowed to what
 * the {@link AccessPolicy} allows the account.
 */
public final class TokenService {
    /** Clock skew tolerated on {@code nbf} and {@code exp}. */
    private static final Duration LEEWAY = Duration.ofSeconds(30);
    /** How long a refresh token (OAuth2 {@code access_type=offline}) stays good. */
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    /**
     * The claim that marks a refresh token, so it is never taken for a bearer token (it carries no
     * access, but names an account) and a bearer token is never taken for a refresh token.
     */
    private static final String TOKEN_USE = "token_use";

    private final TokenKeys keys;
    private final String kid;
    private final String issuer;
    private final String service;
    private final Duration expiry;
    private final AccessPolicy policy;
    private final Clock clock;

    /** A token and its lifetime, as the token endpoint returns them. */
    public record Issued(String token, Duration expiresIn, Instant issuedAt, List<Scope> access) {}

    public TokenService(TokenKeys keys, String issuer, String service, Duration expiry, AccessPolicy policy, Clock clock) {
        this.keys = keys;
        this.kid = Jwt.keyId(keys.publicKey());
        this.issuer = issuer;
        this.service = service;
        this.expiry = expiry;
        this.policy = policy;
        this.clock = clock;
    }

    /** The audience tokens are issued for and checked against. */
    public String service() {
        return service;
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** Whether this registry holds the private key and so can issue tokens. */
    public boolean canIssue() {
        return keys.privateKey() != null;
    }

    /** Issues a token to {@code account} ({@code null}: anonymous) for the allowed part of {@code requested}. */
    public Issued issue(String account, List<Scope> requested) {
        List<Scope> granted = new ArrayList<>();
        for (Scope s : requested) {
            if (s.type().equals("repository")) {
                Set<String> allowed = policy.allowed(account, s.name());
                List<String> actions = s.actions().stream()
                        .flatMap(a -> a.equals("*") ? allowed.stream() : allowed.contains(a) ? java.util.stream.Stream.of(a) : java.util.stream.Stream.empty())
                        .distinct().toList();
                if (!actions.isEmpty()) {
                    granted.add(new Scope(s.type(), s.name(), actions));
                }
            } else if (s.type().equals("registry") && s.name().equals("catalog") && account != null && s.actions().contains("*")) {
                granted.add(new Scope("registry", "catalog", List.of("*")));
            }
        }
        Instant now = clock.instant();
        ObjectNode claims = Json.mapper().createObjectNode()
                .put("iss", issuer).put("sub", account == null ? "" : account).put("aud", service)
                .put("exp", now.plus(expiry).getEpochSecond()).put("nbf", now.getEpochSecond()).put("iat", now.getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (Scope s : granted) {
            ObjectNode a = access.addObject().put("type", s.type()).put("name", s.name());
            s.actions().forEach(a.putArray("actions")::add);
        }
        return new Issued(Jwt.sign(claims, keys.privateKey(), kid), expiry, now, granted);
    }

    /** The grant of {@code token} if it is signed by this service's key, current, for this service and from this issuer; otherwise null. */
    public TokenGrant verify(String token) {
        JsonNode c = claims(token);
        if (c == null || c.has(TOKEN_USE)) {
            return null;
        }
        List<Scope> access = new ArrayList<>();
        for (JsonNode a : c.path("access")) {
            List<String> actions = new ArrayList<>();
            a.path("actions").forEach(x -> actions.add(x.asText()));
            access.add(new Scope(a.path("type").asText(), a.path("name").asText(), actions));
        }
        String sub = c.path("sub").asText("");
        return new TokenGrant(sub.isEmpty() ? null : sub, access);
    }

    /** The claims of {@code token} if it is signed by this service's key, current, for this service and from this issuer; otherwise null. */
    private JsonNode claims(String token) {
        JsonNode c = Jwt.verify(token, keys.publicKey());
        if (c == null) {
            return null;
        }
        long now = clock.instant().getEpochSecond();
        if (!c.path("exp").canConvertToLong() || c.path("exp").asLong() + LEEWAY.toSeconds() <= now) {
            return null;
        }
        if (c.has("nbf") && c.path("nbf").asLong() - LEEWAY.toSeconds() > now) {
            return null;
        }
        if (!issuer.equals(c.path("iss").asText()) || !audience(c.path("aud"))) {
            return null;
        }
        return c;
    }

    /**
     * A refresh token for {@code account}: a JWT signed like the bearer tokens, good for
     * {@link #REFRESH_LIFETIME}, that the token endpoint exchanges for bearer tokens of that account
     * without its password. It grants no access by itself.
     */
    public String issueRefresh(String account) {
        Instant now = clock.instant();
        ObjectNode claims = Json.mapper().createObjectNode()
                .put("iss", issuer).put("sub", account).put("aud", service)
                .put("exp", now.plus(REFRESH_LIFETIME).getEpochSecond()).put("nbf", now.getEpochSecond()).put("iat", now.getEpochSecond())
                .put("jti", UUID.randomUUID().toString()).put(TOKEN_USE, "refresh");
        return Jwt.sign(claims, keys.privateKey(), kid);
    }

    /** The account a refresh token was issued to, if it is one of this service's, current and not a bearer token. */
    public Optional<String> refreshAccount(String token) {
        JsonNode c = claims(token);
        if (c == null || !"refresh".equals(c.path(TOKEN_USE).asText()) || c.path("sub").asText("").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(c.path("sub").asText());
    }

    private boolean audience(JsonNode aud) {
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (service.equals(a.asText())) {
                    return true;
                }
            }
            return false;
        }
        return service.equals(aud.asText());
    }
}
