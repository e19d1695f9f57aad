package dev.pier.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need a peer tool (skopeo, umoci, runc, ...) or root.
 *
 * <p>When a precondition is not met the test is skipped, with the reason printed on stderr and
 * recorded by JUnit ("skipped: skopeo not installed (apt-get install skopeo)"). When the system
 * property {@code pier.requirePeers} is {@code true} (CI sets it, see the root pom's {@code ci}
 * profile) the test fails with that message instead, so a missing install step cannot hide.
 */
public final class Peers {

    /** The system property that turns skips into failures. */
    public static final String REQUIRE_PEERS = "pier.requirePeers";

    /** Commands whose Debian package has another name; any other command's package is its own name. */
    private static final Map<String, String> PACKAGES = Map.of(
            "busybox", "busybox-static",
            "registry", "docker-registry",
            "newuidmap", "uidmap",
            "newgidmap", "uidmap",
            "unshare", "util-linux",
            "mkfs.ext4", "e2fsprogs");

    private Peers() {}

    /**
     * The executable {@code command} as found on {@code PATH} or in the sbin directories (an absolute
     * path), or skips the test —
     * fails it when {@code pier.requirePeers=true} — saying which Debian package to install.
     */
    public static Path require(String command) {
        return require(command, PACKAGES.getOrDefault(command, command));
    }

    /** As {@link #require(String)}, naming the Debian package that provides the command. */
    public static Path require(String command, String debianPackage) {
        return require(command, debianPackage, searchPath(), strict(), System.err::println);
    }

    /** Skips the test unless it runs as root (effective uid 0); fails it instead when {@code pier.requirePeers=true}. */
    public static void requireRoot() {
        requireRoot(isRoot(), strict(), System.err::println);
    }

    /** The command as {@link #require(String)} finds it, for tests that adapt rather than skip. */
    public static Optional<Path> find(String command) {
        return find(command, searchPath());
    }

    /** {@code PATH}, then the sbin directories (runc and debootstrap live there; a non-root PATH may lack them). */
    private static String searchPath() {
        String path = System.getenv("PATH");
        return (path == null ? "" : path) + ":/usr/local/sbin:/usr/sbin:/sbin";
    }

    /** Whether this process runs with effective uid 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether skips become failures ({@code -Dpier.requirePeers=true}). */
    public static boolean strict() {
        return Boolean.getBoolean(REQUIRE_PEERS);
    }

    static Path require(String command, String debianPackage, String pathVariable, boolean strict, Consumer<String> log) {
        return find(command, pathVariable)
                .orElseGet(() -> unmet(command + " not installed (apt-get install " + debianPackage + ")", strict, log));
    }

    static void requireRoot(boolean root, boolean strict, Consumer<String> log) {
        if (!root) {
            unmet("not running as root", strict, log);
        }
    }

    static Optional<Path> find(String command, String pathVariable) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return isExecutableFile(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    private static <T> T unmet(String reason, boolean strict, Consumer<String> log) {
        if (strict) {
            return Assertions.fail(reason + " (a failure, not a skip, because " + REQUIRE_PEERS + "=true)");
        }
        log.accept("skipped: " + reason);
        return Assumptions.abort(reason);
    }
}
