package dev.pier.analyze.tree;

import dev.pier.image.layer.EntryType;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One file system entry as a layer records it: a path relative to the root (no leading or trailing
 * slash), its type and metadata, and where it came from.
 *
 * @param path clean relative path, e.g. {@code etc/hosts}
 * @param type file, directory, symlink, hardlink, device or FIFO
 * @param size content bytes of a regular file; 0 for every other type
 * @param mode permission bits including setuid, setgid and sticky
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time
 * @param linkTarget target of a symlink or hardlink, else null
 * @param xattrs extended attributes from PAX {@code SCHILY.xattr.*} records
 * @param contentDigest {@code sha256:<hex>} of a regular file's content, else null
 * @param layer index (0-based) of the layer that put this entry
 * @param implicit true for a parent directory no entry named, created to hold a child
 */
public record FileEntry(String path, EntryType type, long size, int mode, long uid, long gid, Instant mtime,
                        String linkTarget, Map<String, String> xattrs, String contentDigest, int layer,
                        boolean implicit) {

    public FileEntry {
        xattrs = xattrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(xattrs));
        mtime = mtime == null ? Instant.EPOCH : mtime;
    }

    /** A directory no tar entry named, created because a child needed it (mode 0755, root-owned). */
    public static FileEntry implicitDirectory(String path, int layer) {
        return new FileEntry(path, EntryType.DIRECTORY, 0, 0755, 0, 0, Instant.EPOCH, null, Map.of(), null, layer, true);
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }

    public boolean isRegularFile() {
        return type == EntryType.FILE;
    }

    /** The last path component. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether both describe the same content and metadata, wherever they came from. */
    public boolean sameAs(FileEntry o) {
        return type == o.type && size == o.size && mode == o.mode && uid == o.uid && gid == o.gid
                && java.util.Objects.equals(linkTarget, o.linkTarget) && xattrs.equals(o.xattrs)
                && java.util.Objects.equals(contentDigest, o.contentDigest)
                && (isDirectory() || mtime.getEpochSecond() == o.mtime.getEpochSecond());
    }

    FileEntry inLayer(int newLayer) {
        return new FileEntry(path, type, size, mode, uid, gid, mtime, linkTarget, xattrs, contentDigest, newLayer, implicit);
    }
}
