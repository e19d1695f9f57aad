package dev.pier.image.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a docker credential helper, {@code docker-credential-NAME get}, with the server on stdin,
 * and reads {@code {"Username": ..., "Secret": ...}} from its stdout. A helper that knows no
 * credentials for the server ("credentials not found") gives none.
 */
final class CredentialHelper {
    private static final int MAX_OUTPUT = 1 << 20;

    private CredentialHelper() {}

    static Optional<Credentials> get(String name, String server) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new PierException("credential helper name \"" + name + "\" is not valid");
        }
        String program = "docker-credential-" + name;
        try {
            Process p = new ProcessBuilder(program, "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(server.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(MAX_OUTPUT);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PierException(program + " did not answer within 60 s");
            }
            if (p.exitValue() != 0) {
                String text = new String(out, StandardCharsets.UTF_8);
                if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new PierException(program + " get failed for " + server + " (exit status " + p.exitValue() + ")");
            }
            JsonNode json = Json.tree(out, program + " output");
            String user = json.path("Username").asText("");
            String secret = json.path("Secret").asText("");
            return secret.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, secret));
        } catch (IOException e) {
            throw new PierException("cannot run the credential helper " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PierException("interrupted while running " + program, e);
        }
    }
}
