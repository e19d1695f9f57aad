package dev.pier.image.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code Authorization} header of a registry: none until the registry challenges, then Basic
 * with the credentials, or a Bearer token fetched from the challenge's realm for the request's
 * scopes (distribution's token flow), cached in a {@link TokenCache} until it expires.
 */
final class RegistryAuth {
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;
    private final String registry;
    private final Supplier<Optional<Credentials>> credentials;
    private final HttpClient http;
    private final TokenCache tokens = new TokenCache();
    private volatile Challenge challenge;

    RegistryAuth(String registry, Supplier<Optional<Credentials>> credentials, HttpClient http) {
        this.registry = registry;
        this.credentials = credentials;
        this.http = http;
    }

    /** Remembers how the registry asks to authenticate (from the ping or a 401). */
    void challenged(Challenge c) {
        challenge = c;
    }

    boolean hasChallenge() {
        return challenge != null;
    }

    /** The header for a request needing {@code scopes} ({@code repository:NAME:ACTIONS}), if any. */
    Optional<String> header(List<String> scopes) throws IOException {
        Challenge c = challenge;
        if (c == null) {
            return Optional.empty();
        }
        return switch (c.scheme()) {
            case "basic" -> credentials.get().map(Credentials::basicHeader);
            case "bearer" -> Optional.of("Bearer " + token(c, scopes));
            default -> throw new RegistryException(401, registry + ": unsupported authentication scheme " + c.scheme());
        };
    }

    /** Forgets the token of these scopes, so the next {@link #header} fetches a new one. */
    void invalidate(List<String> scopes) {
        tokens.invalidate(String.join(" ", scopes));
    }

    private String token(Challenge c, List<String> scopes) throws IOException {
        String key = String.join(" ", scopes);
        Optional<String> cached = tokens.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        String realm = c.param("realm").orElseThrow(() -> new RegistryException(401,
                registry + ": the registry asks for a bearer token but names no realm"));
        List<String> query = new ArrayList<>();
        c.param("service").ifPresent(s -> query.add("service=" + enc(s)));
        scopes.forEach(s -> query.add("scope=" + enc(s)));
        Optional<Credentials> creds = credentials.get();
        HttpRequest request;
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            String form = String.join("&", query) + "&grant_type=refresh_token&client_id=pier&refresh_token="
                    + enc(creds.get().password());
            request = HttpRequest.newBuilder(URI.create(realm)).timeout(Duration.ofMinutes(1))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        } else {
            URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query));
            var b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).GET();
            creds.ifPresent(cr -> b.header("Authorization", cr.basicHeader()));
            request = b.build();
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new RegistryException(0, registry + ": cannot reach the token service " + realm + ": " + e, e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryException(401, registry + ": the token service " + realm + " refused "
                    + (creds.isPresent() ? "the credentials of " + creds.get().username() : "anonymous access")
                    + " for " + key + " (" + status + "); log in with pier login " + registry + " or pass --creds");
        }
        if (status != 200 || response.body().length > MAX_TOKEN_RESPONSE) {
            throw new RegistryException(status, registry + ": the token service " + realm + " answered " + status);
        }
        JsonNode json = Json.tree(response.body(), registry + " token response");
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException(status, registry + ": the token service " + realm + " sent no token");
        }
        long lifetime = Math.max(60, json.path("expires_in").asLong(60));
        tokens.put(key, token, Duration.ofSeconds(lifetime));
        return token;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
