package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --init}, as podman's: a tiny init from the host — catatonit or tini-static, both
 * statically linked, so they run in any image — bind-mounted read-only at {@link #TARGET} and put
 * in front of the container's command. As PID 1 it forwards the signals it gets to its child and
 * reaps the orphans that are reparented to it, which a program written to run as PID 1 would do
 * and most programs do not.
 *
 * @param host the init's path on the host
 */
public record InitBinary(Path host) {
    /** Where the init appears in the container (podman's is {@code /run/podman-init}). */
    public static final String TARGET = "/run/pier-init";
    /** Where Pier looks for an init, in order: podman's {@code init_path}, then Debian's catatonit and tini-static. */
    public static final List<Path> CANDIDATES = List.of(Path.of("/usr/libexec/podman/catatonit"), Path.of("/usr/bin/catatonit"),
            Path.of("/usr/libexec/catatonit/catatonit"), Path.of("/usr/bin/tini-static"), Path.of("/usr/sbin/tini-static"));

    /** The init at {@code initPath} ({@code --init-path}), else the first of {@link #CANDIDATES} that exists. */
    public static InitBinary find(Optional<String> initPath) {
        return find(initPath, CANDIDATES);
    }

    /** As {@link #find(Optional)}, searching {@code candidates}. */
    static InitBinary find(Optional<String> initPath, List<Path> candidates) {
        if (initPath.isPresent()) {
            Path p = Path.of(initPath.get()).toAbsolutePath();
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new RuntimeError("--init-path " + initPath.get() + ": no such executable file");
            }
            return new InitBinary(p);
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst().map(InitBinary::new)
                .orElseThrow(() -> new RuntimeError("--init: no init found (looked for " + String.join(", ",
                        candidates.stream().map(Path::toString).toList()) + "); install catatonit or tini, or give --init-path FILE"));
    }

    /** The read-only bind mount of the init at {@link #TARGET}. */
    public Mount mount() {
        return new Mount(TARGET, "bind", host.toString(), List.of("bind", "ro", "nosuid", "nodev"));
    }

    /** The process's arguments with the init in front: {@code /run/pier-init -- ARGS...} (both inits read {@code --} so). */
    public static List<String> wrap(List<String> args) {
        List<String> out = new ArrayList<>(List.of(TARGET, "--"));
        out.addAll(args);
        return out;
    }
}
