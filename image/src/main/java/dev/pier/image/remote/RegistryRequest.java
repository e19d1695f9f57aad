package dev.pier.image.remote;

import dev.pier.image.remote.http.RequestBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request to a registry, before authentication: method, target (a path such as
 * {@code /v2/app/tags/list} or an absolute URL a registry returned), headers, the scopes the request
 * needs ({@code repository:app:pull}), and a body. A request whose body can be sent again is
 * {@code replayable}: only those are retried after a failure.
 */
public record RegistryRequest(String method, String target, List<String> scopes, Map<String, String> headers,
                              RequestBody body, boolean replayable) {

    public RegistryRequest {
        scopes = List.copyOf(scopes);
        headers = Map.copyOf(headers);
    }

    public static RegistryRequest get(String target, List<String> scopes) {
        return new RegistryRequest("GET", target, scopes, Map.of(), RequestBody.EMPTY, true);
    }

    public static RegistryRequest head(String target, List<String> scopes) {
        return new RegistryRequest("HEAD", target, scopes, Map.of(), RequestBody.EMPTY, true);
    }

    public static RegistryRequest delete(String target, List<String> scopes) {
        return new RegistryRequest("DELETE", target, scopes, Map.of(), RequestBody.EMPTY, true);
    }

    /** A request with a body held in memory, so it can be retried. */
    public static RegistryRequest withBytes(String method, String target, List<String> scopes, byte[] bytes) {
        return new RegistryRequest(method, target, scopes, Map.of(), RequestBody.Bytes.of(bytes.clone()), true);
    }

    /** A request whose body is sent once (a blob upload: its session decides how to resume). */
    public static RegistryRequest streaming(String method, String target, List<String> scopes, RequestBody body) {
        return new RegistryRequest(method, target, scopes, Map.of(), body, false);
    }

    public RegistryRequest header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RegistryRequest(method, target, scopes, h, body, replayable);
    }
}
