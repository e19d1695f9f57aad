package dev.pier.cli;

import dev.pier.runtime.sys.UserNamespace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs this pier command again in a user namespace that maps the caller to root and, when
 * {@code /etc/subuid} and {@code /etc/subgid} give it ranges, those ranges to ids 1 and up — as
 * podman's rootless mode and {@code buildah unshare} do — with a mount namespace of its own. Made
 * by {@code unshare(1)} (through newuidmap/newgidmap), since a JVM cannot enter a user namespace
 * itself. Inside, Pier is root of that namespace: it can give extracted files their owners, create
 * the other namespaces and mount overlayfs; the store stays the caller's ({@code PIER_ROOT}).
 */
final class UserNamespaceReexec {
    /** Set in the re-executed command's environment, so it does not re-execute again. */
    static final String MARKER = "PIER_USERNS";

    private UserNamespaceReexec() {}

    /** Why a user namespace cannot be used here, or empty when the command should be re-executed in one. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name")) && UserNamespace.isInitial() && System.getenv(MARKER) == null) {
            return probe();
        }
        return Optional.of("not needed");
    }

    /** Runs {@code args} (this JVM's command line for {@code dev.pier.cli.Pier}) in the namespace; returns its exit status. */
    static int run(List<String> args, Path storeRoot) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(unshare());
        cmd.add("--mount");
        cmd.add("--fork");
        cmd.add("--");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-XX:AOT")) {   // the cache was made for the class path as ./pier gives it
                cmd.add(option);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Pier.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(MARKER, "1");
        pb.environment().put("PIER_ROOT", storeRoot.toAbsolutePath().toString());
        return pb.start().waitFor();
    }

    /** unshare with the caller as root, and its subordinate ranges when it has some. */
    private static List<String> unshare() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--map-root-user"));
        if (hasRange(Path.of("/etc/subuid")) && hasRange(Path.of("/etc/subgid"))) {
            cmd.add("--map-auto");
        }
        return cmd;
    }

    private static boolean hasRange(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return false;
        }
        String user = System.getProperty("user.name");
        String uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.startsWith(user + ":") || l.startsWith(uid + ":"));
    }

    private static Optional<String> probe() {
        try {
            List<String> cmd = new ArrayList<>(unshare());
            cmd.add("true");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Optional.empty() : Optional.of(out.isEmpty() ? "unshare --user failed" : out.lines().findFirst().orElse(out));
        } catch (IOException e) {
            return Optional.of("cannot run unshare: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
