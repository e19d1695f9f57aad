package dev.pier.analyze.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The paths of a profile: how traced paths are normalized and collapsed into their directory, and
 * which directories must stay writable for the recorded writes.
 */
final class ProfilePaths {
    /** A directory with more used entries than this is recorded as the directory ({@code /dir/}). */
    static final int COLLAPSE_ABOVE = 4;
    /** Mounted by the runtime, not part of the image's root filesystem: never made writable by a profile. */
    static final List<String> RUNTIME_MOUNTS = List.of("/proc", "/sys", "/dev");
    private static final int MAX_PATH = 4096;

    private ProfilePaths() {}

    /** Whether {@code path} is absolute, without {@code .}, {@code ..} or empty components (a final {@code /} is allowed). */
    static boolean valid(String path) {
        if (path == null || !path.startsWith("/") || path.length() > MAX_PATH || path.indexOf('\0') >= 0) {
            return false;
        }
        String inner = path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        if (inner.isEmpty()) {
            return true;
        }
        for (String c : inner.split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** {@code path} (absolute, as a program named it) without {@code .}, {@code ..} and repeated slashes, lexically. */
    static String normalize(String path) {
        return Path.of(path).normalize().toString();
    }

    /** The normalized paths, with the entries of a directory that has more than {@link #COLLAPSE_ABOVE} replaced by {@code dir/}. */
    static List<String> collapse(Collection<String> paths) {
        Map<String, SortedSet<String>> byParent = new TreeMap<>();
        for (String p : paths) {
            String n = normalize(p);
            byParent.computeIfAbsent(parent(n), k -> new TreeSet<>()).add(n);
        }
        SortedSet<String> out = new TreeSet<>();
        byParent.forEach((dir, entries) -> {
            if (entries.size() > COLLAPSE_ABOVE) {
                out.add(dir.equals("/") ? "/" : dir + "/");
            } else {
                out.addAll(entries);
            }
        });
        return List.copyOf(out);
    }

    /**
     * The directories that must be writable for {@code written} (the directory holding each path,
     * or the directory itself for {@code dir/}), outside the runtime's mounts, without those inside
     * another of them.
     */
    static List<String> writableDirectories(Collection<String> written) {
        SortedSet<String> dirs = new TreeSet<>();
        for (String w : written) {
            String dir = w.length() > 1 && w.endsWith("/") ? w.substring(0, w.length() - 1) : w.equals("/") ? "/" : parent(w);
            if (RUNTIME_MOUNTS.stream().noneMatch(m -> under(dir, m))) {
                dirs.add(dir);
            }
        }
        List<String> outer = new ArrayList<>();
        for (String d : dirs) {
            if (outer.stream().noneMatch(o -> under(d, o))) {
                outer.add(d);
            }
        }
        return List.copyOf(outer);
    }

    /** Whether {@code path} is {@code dir} or inside it. */
    static boolean under(String path, String dir) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
