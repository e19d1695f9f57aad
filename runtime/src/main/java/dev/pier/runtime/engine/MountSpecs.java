package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The mounts of a container: Docker's defaults, {@code -v} volumes and {@code --tmpfs}. */
public final class MountSpecs {
    private static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private MountSpecs() {}

    /** /proc, /dev, /dev/pts, /sys, /sys/fs/cgroup, /dev/mqueue, /dev/shm, as Docker mounts them. */
    public static List<Mount> defaults(boolean privileged) {
        String ro = privileged ? "rw" : "ro";
        return List.of(
                new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", ro)),
                new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", ro)),
                new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
    }

    /**
     * A {@code -v} volume: {@code /host:/ctr[:ro|rw]} binds a host path, {@code name:/ctr[:ro]}
     * binds {@code <volumes>/name} (created when missing), {@code /ctr} an anonymous volume under
     * {@code <volumes>/}.
     */
    public static Mount volume(String spec, Path volumes, String containerId) {
        VolumeSpec v = VolumeSpec.parse(spec);
        String source = v.source().orElse(null);
        String dest = v.destination();
        String mode = v.readOnly() ? "ro" : "rw";
        Path host;
        if (source == null) {
            host = volumes.resolve(containerId.substring(0, 12) + "-" + Long.toHexString(System.nanoTime()));
        } else if (source.startsWith("/")) {
            host = RiskPolicy.realPath(Path.of(source))
                    .orElseThrow(() -> new RuntimeError("volume source " + source + " does not exist"));
        } else if (VOLUME_NAME.matcher(source).matches()) {
            host = volumes.resolve(source);
        } else {
            throw new RuntimeError("invalid volume name " + source + " (letters, digits, _ . - ; or an absolute host path)");
        }
        if (source == null || !source.startsWith("/")) {
            try {
                Files.createDirectories(host);
            } catch (IOException e) {
                throw new RuntimeError("cannot create volume " + host + ": " + e.getMessage(), e);
            }
        }
        return new Mount(dest, "bind", host.toString(), List.of("rbind", mode, "rprivate"));
    }

    /** A {@code --tmpfs /ctr[:options]} mount (default options noexec, nosuid, nodev as Docker's). */
    public static Mount tmpfs(String spec) {
        int colon = spec.indexOf(':');
        String dest = colon < 0 ? spec : spec.substring(0, colon);
        if (!dest.startsWith("/")) {
            throw new RuntimeError("invalid --tmpfs " + spec + ": the path must be absolute");
        }
        List<String> options = new ArrayList<>(List.of("noexec", "nosuid", "nodev"));
        if (colon >= 0 && colon + 1 < spec.length()) {
            options.addAll(List.of(spec.substring(colon + 1).split(",")));
        }
        return new Mount(dest, "tmpfs", "tmpfs", options);
    }

    /** A read-only or writable bind of one file prepared by Pier (hosts, resolv.conf, hostname). */
    public static Mount file(String dest, Path source, boolean readOnly) {
        return new Mount(dest, "bind", source.toString(), List.of("rbind", "rprivate", readOnly ? "ro" : "rw"));
    }
}
