package dev.pier.cli;

import dev.pier.image.PierException;
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
 * {@code pier build} makes a namespace of its own ({@link #run}); the container commands join the
 * store's lasting one ({@link #join}, see {@link PauseProcess}).
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

    /**
     * For the container commands ({@code command} is the one running): as a user, runs this command line again in the store's shared
     * namespaces ({@link #join}) and returns its exit status; empty when this process is root (of
     * the host, or of that namespace already) and does the work itself. Without a user namespace
     * the command is refused in one line saying why.
     */
    static Optional<Integer> joinAsUser(Pier pier, Object command) throws IOException, InterruptedException {
        Path storeRoot = pier.storeRoot();
        if ("root".equals(System.getProperty("user.name")) || !UserNamespace.isInitial() || System.getenv(MARKER) != null) {
            return Optional.empty();
        }
        if (PauseProcess.running(storeRoot.toAbsolutePath()).isEmpty()) {
            Optional<String> why = probe();
            if (why.isPresent()) {
                throw new PierException("pier " + command.getClass().getAnnotation(picocli.CommandLine.Command.class).name() + " as a user that is not root needs a user namespace: " + why.get());
            }
        }
        return Optional.of(join(pier.args(), storeRoot));
    }

    /** Runs {@code args} (this JVM's command line for {@code dev.pier.cli.Pier}) in a new namespace; returns its exit status. */
    static int run(List<String> args, Path storeRoot) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(unshare());
        cmd.add("--mount");
        cmd.add("--fork");
        return start(cmd, args, storeRoot);
    }

    /**
     * Runs {@code args} in the store's shared user and mount namespaces, those its
     * {@link PauseProcess} holds (started when none lives), as podman's rootless commands do: the
     * container commands, whose containers outlive one command. Returns its exit status.
     */
    static int join(List<String> args, Path storeRoot) throws IOException, InterruptedException {
        long pause = PauseProcess.of(storeRoot.toAbsolutePath(), unshare());
        return start(new ArrayList<>(List.of("nsenter", "--user", "--mount", "--target", String.valueOf(pause))), args, storeRoot);
    }

    /** {@code prefix -- java ... Pier args}, with the marker and the store in its environment. */
    private static int start(List<String> prefix, List<String> args, Path storeRoot) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add("--");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same options, the AOT cache ./pier gives included: it was made for this class path
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
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
