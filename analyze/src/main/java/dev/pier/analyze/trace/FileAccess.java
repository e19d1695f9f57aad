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
        LOOKUP,
        /** created, removed, renamed or changed in place: mkdir, unlink, rename, symlink, mknod, chmod, chown, truncate, utimes */
        MODIFY
    }

    /** Where a call's path is: the index of its directory descriptor (-1 for the working directory) and of the path. */
    private record Where(int dirfd, int path, Kind kind) {}

    private static Where[] at(int dirfd, int path, Kind kind) {
        return new Where[] {new Where(dirfd, path, kind)};
    }

    /** Calls naming two paths: the first is read or looked up, the second created. */
    private static Where[] pair(int dirfd1, int path1, Kind kind1, int dirfd2, int path2) {
        return new Where[] {new Where(dirfd1, path1, kind1), new Where(dirfd2, path2, Kind.MODIFY)};
    }

    private static final Map<String, Where[]> CALLS = Map.ofEntries(
            Map.entry("open", at(-1, 0, Kind.OPEN)), Map.entry("creat", at(-1, 0, Kind.OPEN)),
            Map.entry("openat", at(0, 1, Kind.OPEN)), Map.entry("openat2", at(0, 1, Kind.OPEN)),
            Map.entry("execve", at(-1, 0, Kind.EXEC)), Map.entry("execveat", at(0, 1, Kind.EXEC)),
            Map.entry("uselib", at(-1, 0, Kind.OPEN)),
            Map.entry("stat", at(-1, 0, Kind.LOOKUP)), Map.entry("lstat", at(-1, 0, Kind.LOOKUP)),
            Map.entry("access", at(-1, 0, Kind.LOOKUP)), Map.entry("readlink", at(-1, 0, Kind.LOOKUP)),
            Map.entry("statfs", at(-1, 0, Kind.LOOKUP)), Map.entry("chdir", at(-1, 0, Kind.LOOKUP)),
            Map.entry("getxattr", at(-1, 0, Kind.LOOKUP)), Map.entry("lgetxattr", at(-1, 0, Kind.LOOKUP)),
            Map.entry("listxattr", at(-1, 0, Kind.LOOKUP)), Map.entry("llistxattr", at(-1, 0, Kind.LOOKUP)),
            Map.entry("chmod", at(-1, 0, Kind.MODIFY)), Map.entry("chown", at(-1, 0, Kind.MODIFY)),
            Map.entry("lchown", at(-1, 0, Kind.MODIFY)), Map.entry("truncate", at(-1, 0, Kind.MODIFY)),
            Map.entry("utime", at(-1, 0, Kind.MODIFY)), Map.entry("utimes", at(-1, 0, Kind.MODIFY)),
            Map.entry("newfstatat", at(0, 1, Kind.LOOKUP)), Map.entry("fstatat64", at(0, 1, Kind.LOOKUP)),
            Map.entry("statx", at(0, 1, Kind.LOOKUP)), Map.entry("faccessat", at(0, 1, Kind.LOOKUP)),
            Map.entry("faccessat2", at(0, 1, Kind.LOOKUP)), Map.entry("readlinkat", at(0, 1, Kind.LOOKUP)),
            Map.entry("fchmodat", at(0, 1, Kind.MODIFY)), Map.entry("fchownat", at(0, 1, Kind.MODIFY)),
            Map.entry("utimensat", at(0, 1, Kind.MODIFY)), Map.entry("inotify_add_watch", at(-2, 1, Kind.LOOKUP)),
            Map.entry("mkdir", at(-1, 0, Kind.MODIFY)), Map.entry("mkdirat", at(0, 1, Kind.MODIFY)),
            Map.entry("rmdir", at(-1, 0, Kind.MODIFY)), Map.entry("unlink", at(-1, 0, Kind.MODIFY)),
            Map.entry("unlinkat", at(0, 1, Kind.MODIFY)), Map.entry("mknod", at(-1, 0, Kind.MODIFY)),
            Map.entry("mknodat", at(0, 1, Kind.MODIFY)),
            Map.entry("rename", pair(-1, 0, Kind.MODIFY, -1, 1)), Map.entry("renameat", pair(0, 1, Kind.MODIFY, 2, 3)),
            Map.entry("renameat2", pair(0, 1, Kind.MODIFY, 2, 3)), Map.entry("link", pair(-1, 0, Kind.LOOKUP, -1, 1)),
            Map.entry("linkat", pair(0, 1, Kind.LOOKUP, 2, 3)), Map.entry("symlink", at(-1, 1, Kind.MODIFY)),
            Map.entry("symlinkat", at(1, 2, Kind.MODIFY)));

    /** Whether this opened the file for writing (or created it). */
    public boolean writes() {
        if (kind != Kind.OPEN) {
            return kind == Kind.MODIFY;
        }
        if (call.name().equals("creat")) {
            return true;
        }
        String flags = call.arg(call.name().equals("open") ? 1 : 2);
        return flags.contains("O_WRONLY") || flags.contains("O_RDWR") || flags.contains("O_CREAT") || flags.contains("O_TRUNC");
    }

    /**
     * The paths named by {@code calls}, made absolute with the directory strace's {@code -y} printed
     * beside the call's directory descriptor. Paths that cannot be made absolute (a relative path
     * given to a call without a directory descriptor) are left out, as are empty paths
     * ({@code AT_EMPTY_PATH}).
     */
    public static List<FileAccess> of(List<Syscall> calls) {
        List<FileAccess> out = new ArrayList<>();
        for (Syscall call : calls) {
            for (Where where : CALLS.getOrDefault(call.name(), new Where[0])) {
                absolute(call, where).ifPresent(p -> out.add(new FileAccess(p, where.kind(), call)));
            }
        }
        return out;
    }

    private static Optional<String> absolute(Syscall call, Where where) {
        Optional<String> path = call.string(where.path()).filter(p -> !p.isEmpty());
        if (path.isEmpty() || path.get().startsWith("/")) {
            return path;
        }
        Optional<String> base = where.dirfd() >= 0 ? call.fdPath(where.dirfd()) : Optional.empty();
        if (base.isEmpty() || !base.get().startsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(base.get().endsWith("/") ? base.get() + path.get() : base.get() + "/" + path.get());
    }
}
