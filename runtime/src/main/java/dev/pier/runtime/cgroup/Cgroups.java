package dev.pier.runtime.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the cgroup layout (v2 unified, or v1/hybrid) and places a container's cgroup in it. */
public final class Cgroups {
    /** The v1 controllers the runtime uses. */
    public static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "freezer", "devices", "systemd");
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {}

    /** Whether /sys/fs/cgroup is a cgroup v2 (unified) mount. */
    public static boolean isUnified() {
        return Files.exists(ROOT.resolve("cgroup.controllers"));
    }

    /**
     * The cgroup of container {@code id}: {@code cgroupsPath} when absolute; relative to this
     * process's own cgroup when relative or absent ({@code <id>} then), as runc places it.
     */
    public static Cgroup forContainer(String id, String cgroupsPath) {
        String path = cgroupsPath == null || cgroupsPath.isEmpty() ? id : cgroupsPath;
        if (path.contains(":")) {   // systemd form slice:prefix:name — not supported, use the name
            String[] parts = path.split(":");
            path = parts[parts.length - 1];
        }
        List<String> membership = membership();
        if (isUnified()) {
            return new CgroupV2(resolve(ROOT, own(membership, ""), path));
        }
        List<Path> dirs = new ArrayList<>();
        for (String controller : V1_CONTROLLERS) {
            Path mount = ROOT.resolve(controller);
            if (Files.isDirectory(mount) && Files.exists(mount.resolve("cgroup.procs"))) {
                dirs.add(resolve(mount, own(membership, controller), path));
            }
        }
        return new CgroupV1(dirs);
    }

    private static Path resolve(Path mount, String own, String path) {
        String rel = path.startsWith("/") ? path : own + "/" + path;
        Path dir = mount.resolve(rel.replaceFirst("^/+", "")).normalize();
        if (!dir.startsWith(mount)) {
            throw new dev.pier.runtime.RuntimeError("cgroupsPath " + path + " leaves " + mount);
        }
        return dir;
    }

    /** The lines of /proc/self/cgroup: read once for all the hierarchies of a container (nine on a hybrid host). */
    private static List<String> membership() {
        try {
            return dev.pier.runtime.sys.ProcFiles.read(Path.of("/proc/self/cgroup")).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This process's cgroup in the hierarchy of {@code controller} ("" for v2), from its {@link #membership()}. */
    private static String own(List<String> membership, String controller) {
        for (String line : membership) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && (controller.isEmpty() ? f[0].equals("0") : (List.of(f[1].split(",")).contains(controller) || f[1].equals("name=" + controller)))) {
                return f[2];
            }
        }
        return "/";
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new dev.pier.runtime.RuntimeError("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return dev.pier.runtime.sys.ProcFiles.read(file).trim();
        } catch (IOException e) {
            return "";
        }
    }

    static List<Integer> pids(Path procs) {
        String s = read(procs);
        return s.isEmpty() ? List.of() : s.lines().map(Integer::parseInt).toList();
    }

    /** Removes {@code dir}, retrying while the kernel still has exiting tasks in it. */
    static void rmdir(Path dir) {
        for (int i = 0; i < 200 && Files.exists(dir); i++) {
            try {
                Files.delete(dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
