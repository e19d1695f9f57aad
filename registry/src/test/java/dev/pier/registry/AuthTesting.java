package dev.pier.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.remote.Credentials;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Helpers for the access-control tests: htpasswd files, Pier's registry client, raw HTTP with credentials. */
final class AuthTesting {
    private AuthTesting() {}

    /** An htpasswd file with bcrypt entries made by {@code htpasswd -B} for each {@code user:password}. */
    static Path htpasswd(Path dir, Credentials... users) throws IOException {
        Path tool = Peers.require("htpasswd", "apache2-utils");
        Path file = dir.resolve("htpasswd");
        StringBuilder lines = new StringBuilder();
        for (Credentials c : users) {
            lines.append(Exec.of(tool, "-Bbn", c.username(), c.password()).check().stdout().strip()).append('\n');
        }
        return Files.writeString(file, lines.toString());
    }

    /** Pier's client options for a plain-HTTP registry on 127.0.0.1, with no auth file but {@code creds}. */
    static dev.pier.image.remote.RegistryOptions client(Path tmp, Credentials creds) {
        dev.pier.image.remote.RegistryOptions o = dev.pier.image.remote.RegistryOptions.defaults().withTlsVerify(false)
                .withAuthFile(tmp.resolve("no-auth.json")).withMaxAttempts(2);
        return creds == null ? o : o.withCreds(creds);
    }

    /** Copies with Pier's library API, as {@code pier copy} does. */
    static CopyResult copy(String from, String to, dev.pier.image.remote.RegistryOptions options) throws IOException {
        try (ImageSource src = ImageLocation.parse(from, () -> null, options).openSource();
             ImageDestination dst = ImageLocation.parse(to, () -> null, options).openDestination()) {
            return ImageCopier.copy(src, dst, CopyOptions.defaults(), CopyListener.NONE);
        }
    }

    /** A request with an optional Authorization header (null: none). */
    static HttpResponse<byte[]> send(String method, URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The first error code of a distribution-spec error body. */
    static String errorCode(HttpResponse<byte[]> r) {
        JsonNode body = Json.tree(r.body(), "error body");
        return body.path("errors").path(0).path("code").asText();
    }

    static String challenge(HttpResponse<byte[]> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse("");
    }
}
