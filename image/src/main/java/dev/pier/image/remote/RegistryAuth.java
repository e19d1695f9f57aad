package dev.pier.image.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import dev.pier.image.remote.http.HttpTransport;
import dev.pier.image.remote.http.RequestBody;
import dev.pier.image.remote.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final HttpTransport http;
    private final TokenCache tokens = new TokenCache();
    private final Object fetching = new Object();
    private volatile Challenge challenge;

    RegistryAuth(String registry, Supplier<Optional<Credentials>> credentials, HttpTransport http) {
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
        // One fetch at a time: the first requests of a copy go out together (a blob HEAD each),
        // and they should share one token rather than each ask the token service for its own.
        synchronized (fetching) {
            cached = tokens.get(key);
            return cached.isPresent() ? cached.get() : fetch(c, scopes, key);
        }
    }

    private String fetch(Challenge c, List<String> scopes, String key) throws IOException {
        String realm = c.param("realm").orElseThrow(() -> new RegistryException(401,
                registry + ": the registry asks for a bearer token but names no realm"));
        List<String> query = new ArrayList<>();
        c.param("service").ifPresent(s -> query.add("service=" + enc(s)));
        scopes.forEach(s -> query.add("scope=" + enc(s)));
        Optional<Credentials> creds = credentials.get();
        Map<String, String> headers = new LinkedHashMap<>();
        String method;
        URI uri;
        RequestBody body;
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            String form = String.join("&", query) + "&grant_type=refresh_token&client_id=pier&refresh_token="
                    + enc(creds.get().password());
            method = "POST";
            uri = URI.create(realm);
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            body = RequestBody.Bytes.of(form.getBytes(StandardCharsets.UTF_8));
        } else {
            method = "GET";
            uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query));
            creds.ifPresent(cr -> headers.put("Authorization", cr.basicHeader()));
            body = RequestBody.EMPTY;
        }
        int status;
        byte[] answer;
        try {
            Response response = http.send(method, uri, headers, body, Duration.ofMinutes(1));
            status = response.statusCode();
            answer = response.readBody(MAX_TOKEN_RESPONSE);
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException(0, registry + ": cannot reach the token service " + realm + ": " + e, e);
        }
        if (status == 401 || status == 403) {
            throw new RegistryException(401, registry + ": the token service " + realm + " refused "
                    + (creds.isPresent() ? "the credentials of " + creds.get().username() : "anonymous access")
                    + " for " + key + " (" + status + "); log in with pier login " + registry + " or pass --creds");
        }
        if (status != 200) {
            throw new RegistryException(status, registry + ": the token service " + realm + " answered " + status);
        }
        JsonNode json = Json.tree(answer, registry + " token response");
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
