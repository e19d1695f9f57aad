package dev.pier.analyze.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path the traced program named in a system call, made absolute in the container's file system.
 *
 * @param path the absolute path, as the program named it (symlinks not resolved)
 * @param kind what the call did with it
 * @param call the call
 */
public record FileAccess(String path, Kind kind, Syscall call) {
    /** What a call did with a path. */
    public enum Kind {
        /** opened (read, written or listed) */
        OPEN,
        /** executed */
        EXEC,
        /** looked at: stat, access, readlink, chdir, xattrs */
        LOOKUP
    }

    /** Where a call's path is: the index of its directory descriptor (-1 for the working directory) and of the path. */
    private record Where(int dirfd, int path, Kind kind) {}

    private static final Map<String, Where> CALLS = Map.ofEntries(
            Map.entry("open", new Where(-1, 0, Kind.OPEN)), Map.entry("creat", new Where(-1, 0, Kind.OPEN)),
            Map.entry("openat", new Where(0, 1, Kind.OPEN)), Map.entry("openat2", new Where(0, 1, Kind.OPEN)),
            Map.entry("execve", new Where(-1, 0, Kind.EXEC)), Map.entry("execveat", new Where(0, 1, Kind.EXEC)),
            Map.entry("uselib", new Where(-1, 0, Kind.OPEN)),
            Map.entry("stat", new Where(-1, 0, Kind.LOOKUP)), Map.entry("lstat", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("access", new Where(-1, 0, Kind.LOOKUP)), Map.entry("readlink", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("statfs", new Where(-1, 0, Kind.LOOKUP)), Map.entry("chdir", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("getxattr", new Where(-1, 0, Kind.LOOKUP)), Map.entry("lgetxattr", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("listxattr", new Where(-1, 0, Kind.LOOKUP)), Map.entry("llistxattr", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("chmod", new Where(-1, 0, Kind.LOOKUP)), Map.entry("chown", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("lchown", new Where(-1, 0, Kind.LOOKUP)), Map.entry("truncate", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("utime", new Where(-1, 0, Kind.LOOKUP)), Map.entry("utimes", new Where(-1, 0, Kind.LOOKUP)),
            Map.entry("newfstatat", new Where(0, 1, Kind.LOOKUP)), Map.entry("fstatat64", new Where(0, 1, Kind.LOOKUP)),
            Map.entry("statx", new Where(0, 1, Kind.LOOKUP)), Map.entry("faccessat", new Where(0, 1, Kind.LOOKUP)),
            Map.entry("faccessat2", new Where(0, 1, Kind.LOOKUP)), Map.entry("readlinkat", new Where(0, 1, Kind.LOOKUP)),
            Map.entry("fchmodat", new Where(0, 1, Kind.LOOKUP)), Map.entry("fchownat", new Where(0, 1, Kind.LOOKUP)),
            Map.entry("utimensat", new Where(0, 1, Kind.LOOKUP)), Map.entry("inotify_add_watch", new Where(-2, 1, Kind.LOOKUP)));

    /**
     * The paths named by {@code calls}, made absolute with the directory strace's {@code -y} printed
     * beside the call's directory descriptor. Paths that cannot be made absolute (a relative path
     * given to a call without a directory descriptor) are left out, as are empty paths
     * ({@code AT_EMPTY_PATH}).
     */
    public static List<FileAccess> of(List<Syscall> calls) {
        List<FileAccess> out = new ArrayList<>();
        for (Syscall call : calls) {
            Where where = CALLS.get(call.name());
            if (where == null) {
                continue;
            }
            Optional<String> path = call.string(where.path()).filter(p -> !p.isEmpty());
            if (path.isEmpty()) {
                continue;
            }
            String p = path.get();
            if (!p.startsWith("/")) {
                Optional<String> base = where.dirfd() >= 0 ? call.fdPath(where.dirfd()) : Optional.empty();
                if (base.isEmpty() || !base.get().startsWith("/")) {
                    continue;
                }
                p = base.get().endsWith("/") ? base.get() + p : base.get() + "/" + p;
            }
            out.add(new FileAccess(p, where.kind(), call));
        }
        return out;
    }
}
