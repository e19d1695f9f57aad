package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.util.Optional;

/**
 * A parsed {@code -v} value: {@code /host:/ctr[:ro|rw]}, {@code name:/ctr[:ro|rw]} or {@code /ctr}.
 *
 * @param source a host path (absolute) or a volume name; empty for an anonymous volume
 * @param destination the absolute path in the container
 * @param readOnly whether it is mounted read-only
 */
public record VolumeSpec(Optional<String> source, String destination, boolean readOnly) {
    /** Parses {@code spec}; a one-line error when it is malformed. */
    public static VolumeSpec parse(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length < 1 || p.length > 3) {
            throw new RuntimeError("invalid volume " + spec + " (use HOST:CONTAINER[:ro], NAME:CONTAINER[:ro] or CONTAINER)");
        }
        Optional<String> source = p.length == 1 ? Optional.empty() : Optional.of(p[0]);
        String dest = p.length == 1 ? p[0] : p[1];
        String mode = p.length == 3 ? p[2] : "rw";
        if (!dest.startsWith("/") || !(mode.equals("ro") || mode.equals("rw"))) {
            throw new RuntimeError("invalid volume " + spec + ": the container path must be absolute and the mode ro or rw");
        }
        return new VolumeSpec(source, dest, mode.equals("ro"));
    }

    /** The host path, when the source is one (starts with {@code /}). */
    public Optional<String> hostPath() {
        return source.filter(s -> s.startsWith("/"));
    }
}
