package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.ref.Reference;

/** Reads the {@code docker://REF} argument of the registry-only commands (a bare REF is accepted too). */
final class RemoteRefs {
    private RemoteRefs() {}

    static Reference parse(String text, String command) {
        String rest = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
        if (rest.matches("^[a-z-]+:[^/]*$") && !rest.contains("/")) {
            throw new PierException("pier " + command + ": " + text + " is not a registry reference; use docker://REGISTRY/REPO");
        }
        return Reference.parse(rest);
    }
}
