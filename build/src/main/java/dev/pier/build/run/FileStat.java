package dev.pier.build.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** The lstat of a host file, as the layer diff needs it. */
record FileStat(int mode, long uid, long gid, long size, Instant mtime, long nlink, long dev, long ino, long rdev) {
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;
    private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,nlink,dev,ino,rdev";

    /** The attributes of {@code p}, symlinks not followed; null when it does not exist. */
    static FileStat of(Path p) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid") & 0xffffffffL, (Integer) a.get("gid") & 0xffffffffL,
                (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).toInstant(), ((Number) a.get("nlink")).longValue(),
                (Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("rdev"));
    }

    int type() {
        return mode & S_IFMT;
    }

    int permissions() {
        return mode & 07777;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** An overlayfs whiteout: a character device 0/0. */
    boolean isWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }

    /** Linux's major(rdev). */
    int major() {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    /** Linux's minor(rdev). */
    int minor() {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }
}
