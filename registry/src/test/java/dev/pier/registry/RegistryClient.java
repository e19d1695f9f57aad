package dev.pier.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal distribution-spec client for tests, on java.net.http. Follows no redirects; resolves relative Locations. */
final class RegistryClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    final URI base;

    RegistryClient(URI base) {
        this.base = base;
    }

    URI resolve(String pathOrUrl) {
        return base.resolve(pathOrUrl);
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        return send(method, resolve(path), body, headers);
    }

    HttpResponse<byte[]> send(String method, URI uri, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean accept = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        if (!accept && uri.getPath().contains("/manifests/")) { // as real clients do: registries may refuse OCI types not asked for
            b.header("Accept", dev.pier.image.spec.MediaType.acceptManifests());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    HttpResponse<byte[]> head(String path) throws IOException, InterruptedException {
        return send("HEAD", path, null);
    }

    /** Uploads a blob with POST then PUT; returns the digest. */
    Digest pushBlob(String repo, byte[] bytes) throws IOException, InterruptedException {
        Digest d = Digest.sha256(bytes);
        var post = send("POST", "/v2/" + repo + "/blobs/uploads/", null);
        check(post, 202);
        URI loc = location(post);
        var put = send("PUT", withQuery(loc, "digest=" + d), bytes, "Content-Type", "application/octet-stream");
        check(put, 201);
        return d;
    }

    Digest pushManifest(String repo, String reference, String mediaType, byte[] bytes) throws IOException, InterruptedException {
        var r = send("PUT", "/v2/" + repo + "/manifests/" + reference, bytes, "Content-Type", mediaType);
        check(r, 201);
        return Digest.parse(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    URI location(HttpResponse<?> r) {
        return r.uri().resolve(r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header")));
    }

    static URI withQuery(URI uri, String query) {
        String s = uri.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + query);
    }

    static void check(HttpResponse<byte[]> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError(r.request().method() + " " + r.uri() + ": expected " + status + " but got " + r.statusCode() + ": " + new String(r.body()));
        }
    }

    /** The first error code of a spec error body. */
    static String errorCode(HttpResponse<byte[]> r) {
        JsonNode n = Json.tree(r.body(), "error");
        return n.path("errors").path(0).path("code").asText();
    }
}
