package dev.pier.runtime.sys;

import java.util.Map;

/** Errno values used by the runtime and their text (as strerror gives it). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;

    private static final Map<Integer, String> TEXT = Map.ofEntries(
            Map.entry(1, "operation not permitted"), Map.entry(2, "no such file or directory"),
            Map.entry(3, "no such process"), Map.entry(4, "interrupted system call"),
            Map.entry(5, "input/output error"), Map.entry(9, "bad file descriptor"),
            Map.entry(12, "cannot allocate memory"), Map.entry(13, "permission denied"),
            Map.entry(16, "device or resource busy"), Map.entry(17, "file exists"),
            Map.entry(20, "not a directory"), Map.entry(21, "is a directory"),
            Map.entry(22, "invalid argument"), Map.entry(28, "no space left on device"),
            Map.entry(30, "read-only file system"), Map.entry(38, "function not implemented"),
            Map.entry(8, "exec format error"), Map.entry(19, "no such device"),
            Map.entry(6, "no such device or address"));

    private Errno() {}

    /** "permission denied (errno 13)". */
    public static String describe(int errno) {
        return TEXT.getOrDefault(errno, "error") + " (errno " + errno + ")";
    }
}
