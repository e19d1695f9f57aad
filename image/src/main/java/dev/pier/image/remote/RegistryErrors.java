package dev.pier.image.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import java.nio.charset.StandardCharsets;

/** Turns a registry's error answer into a one-line {@link RegistryException} saying what to do. */
final class RegistryErrors {
    private RegistryErrors() {}

    /**
     * @param repository the repository's full name, e.g. {@code 127.0.0.1:5000/app}
     * @param what what was asked, e.g. {@code manifest v1} or {@code push blob sha256:...}
     * @param body the first bytes of the answer (the distribution spec's {@code errors} JSON, if any)
     */
    static RegistryException of(int status, byte[] body, String registry, String repository, String what) {
        String detail = detail(status, body);
        String message = switch (status) {
            case 401 -> repository + ": authentication required for " + what + " (" + detail
                    + "); log in with pier login " + registry + " or pass --creds USER:PASSWORD";
            case 403 -> repository + ": access denied for " + what + " (" + detail
                    + "); check that the account may access this repository";
            case 404 -> repository + ": " + what + " not found (" + detail
                    + "); check the repository name, the tag or digest, and the registry";
            case 429 -> repository + ": " + what + ": the registry keeps answering 429 Too Many Requests; try again later";
            default -> repository + ": " + what + " failed (" + detail + ")";
        };
        return new RegistryException(status, message);
    }

    private static String detail(int status, byte[] body) {
        String codes = "";
        if (body != null && body.length > 0) {
            try {
                JsonNode errors = Json.tree(body, "error").path("errors");
                StringBuilder b = new StringBuilder();
                for (JsonNode e : errors) {
                    if (!b.isEmpty()) {
                        b.append("; ");
                    }
                    b.append(e.path("code").asText("")).append(": ").append(e.path("message").asText(""));
                }
                codes = b.toString();
            } catch (PierException notJson) {
                String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
                codes = text.replaceAll("\\s+", " ");
            }
        }
        return "HTTP " + status + (codes.isBlank() ? "" : " " + codes.replaceAll("[\\p{Cntrl}]", "?"));
    }
}
