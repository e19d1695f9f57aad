package dev.pier.build.java;

import java.nio.file.Path;

/**
 * One entry of a layer to build: a path in the image, its kind, its fixed mode, and where its
 * content comes from, and its numeric owner (0:0 unless set). The mtime is the build's fixed timestamp.
 *
 * @param path absolute path in the image, e.g. {@code /app/libs/a.jar}
 * @param kind file, directory or symlink
 * @param source the host file holding the content ({@link Kind#FILE} only, else null)
 * @param mode permission bits
 * @param linkTarget the target of a symlink, else null
 * @param uid numeric owner
 * @param gid numeric group
 */
public record LayerEntry(String path, Kind kind, Path source, int mode, String linkTarget, long uid, long gid) {

    /** What an entry is. */
    public enum Kind { FILE, DIRECTORY, SYMLINK }

    public LayerEntry {
        if (!path.startsWith("/") || path.contains("//") || path.endsWith("/") || path.contains("/../") || path.endsWith("/..")) {
            throw new IllegalArgumentException("layer entry path must be absolute and clean: " + path);
        }
    }

    /** A regular file with the content of {@code source}. */
    public static LayerEntry file(String path, Path source, int mode) {
        return new LayerEntry(path, Kind.FILE, source, mode, null, 0, 0);
    }

    /** A directory. */
    public static LayerEntry directory(String path, int mode) {
        return new LayerEntry(path, Kind.DIRECTORY, null, mode, null, 0, 0);
    }

    /** A symbolic link to {@code target}. */
    public static LayerEntry symlink(String path, String target) {
        return new LayerEntry(path, Kind.SYMLINK, null, 0777, target, 0, 0);
    }

    /** This entry owned by {@code newUid:newGid}. */
    public LayerEntry withOwner(long newUid, long newGid) {
        return new LayerEntry(path, kind, source, mode, linkTarget, newUid, newGid);
    }
}
