package dev.pier.image.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Credentials files as docker and podman keep them: {@code {"auths": {"HOST": {"auth": base64(user:password)}},
 * "credHelpers": {"HOST": "NAME"}, "credsStore": "NAME"}}. Reading looks in
 * {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
 * {@code ~/.config/containers/auth.json} and {@code ~/.docker/config.json}, in that order (or only in
 * the file given with {@code --authfile}); a helper named there is asked through
 * {@link CredentialHelper}. {@link #login} and {@link #logout} write podman's auth.json.
 */
public final class AuthFile {
    private AuthFile() {}

    /** The files searched, in order, when no --authfile is given. */
    public static List<Path> searchPath() {
        List<Path> files = new ArrayList<>();
        Optional.ofNullable(System.getenv("REGISTRY_AUTH_FILE")).filter(s -> !s.isEmpty()).map(Path::of).ifPresent(files::add);
        files.add(defaultWriteFile());
        String home = dev.pier.image.io.UserHome.get().toString();
        files.add(Path.of(home, ".config", "containers", "auth.json"));
        Optional.ofNullable(System.getenv("DOCKER_CONFIG")).filter(s -> !s.isEmpty())
                .ifPresentOrElse(d -> files.add(Path.of(d, "config.json")), () -> files.add(Path.of(home, ".docker", "config.json")));
        return files;
    }

    /** Where login writes without --authfile: {@code $XDG_RUNTIME_DIR/containers/auth.json}, else {@code /run/containers/UID/auth.json}. */
    public static Path defaultWriteFile() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            return Path.of(runtime, "containers", "auth.json");
        }
        return Path.of("/run/containers", String.valueOf(uid()), "auth.json");
    }

    /** The credentials for a registry from the given file, or from the usual files. */
    public static Optional<Credentials> lookup(String registry, Optional<Path> authFile) {
        for (Path file : authFile.map(List::of).orElseGet(AuthFile::searchPath)) {
            Optional<Credentials> c = lookupIn(file, registry);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    static Optional<Credentials> lookupIn(Path file, String registry) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root = read(file);
        JsonNode helper = root.path("credHelpers").path(registry);
        if (helper.isTextual()) {
            return CredentialHelper.get(helper.asText(), serverKey(registry));
        }
        JsonNode auths = root.path("auths");
        for (String key : keys(registry)) {
            JsonNode entry = auths.path(key);
            if (entry.path("auth").isTextual() && !entry.path("auth").asText().isEmpty()) {
                return Optional.of(Credentials.fromAuthField(entry.path("auth").asText(), file + " (" + key + ")"));
            }
            if (entry.path("identitytoken").isTextual()) {
                return Optional.of(new Credentials(Credentials.TOKEN_USER, entry.path("identitytoken").asText()));
            }
        }
        if (root.path("credsStore").isTextual()) {
            return CredentialHelper.get(root.path("credsStore").asText(), serverKey(registry));
        }
        return Optional.empty();
    }

    /** Stores the credentials of a registry in {@code file} (created 0600), keeping its other entries. */
    public static void login(Path file, String registry, Credentials creds) throws IOException {
        ObjectNode root = Files.isRegularFile(file) ? (ObjectNode) read(file) : Json.mapper().createObjectNode();
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        auths.putObject(registry).put("auth", creds.authField());
        write(file, root);
    }

    /** Removes a registry's credentials from {@code file}; false when there were none. */
    public static boolean logout(Path file, String registry) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        JsonNode root = read(file);
        boolean removed = false;
        if (root.path("auths") instanceof ObjectNode auths) {
            for (String key : keys(registry)) {
                removed |= auths.remove(key) != null;
            }
        }
        if (removed) {
            write(file, (ObjectNode) root);
        }
        return removed;
    }

    /** The keys under which a registry may be stored: the name, with a scheme, and Docker Hub's legacy key. */
    private static List<String> keys(String registry) {
        List<String> keys = new ArrayList<>(List.of(registry, "https://" + registry, "http://" + registry));
        if (registry.equals("docker.io")) {
            keys.addAll(List.of("https://index.docker.io/v1/", "index.docker.io", "registry-1.docker.io"));
        }
        return keys;
    }

    private static String serverKey(String registry) {
        return registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry;
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode root = Json.tree(Files.readAllBytes(file), file.toString());
            if (!root.isObject()) {
                throw new PierException(file + ": not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] bytes = Json.pretty(root).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path tmp = AtomicFile.tempSibling(file);
        try {
            // created owner-only and exclusively (O_EXCL: no planted link is followed), then filled
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, bytes, java.nio.file.StandardOpenOption.WRITE);
            AtomicFile.moveAtomically(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
