package dev.pier.image.layer;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata a tar entry carries besides its name and content.
 *
 * @param mode permission bits including setuid (04000), setgid (02000) and sticky (01000); file
 *     type bits are ignored
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time; whole seconds are kept, and {@link LayerOptions#timestamp()}
 *     overrides it when set
 * @param xattrs extended attributes by full name ({@code user.foo}, {@code security.capability}),
 *     written as PAX {@code SCHILY.xattr.<name>} records. Values are text: Commons Compress encodes
 *     PAX values as UTF-8, so binary values cannot be represented faithfully.
 */
public record EntryAttributes(int mode, long uid, long gid, Instant mtime, Map<String, String> xattrs) {

    public EntryAttributes {
        mode &= 07777;
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("negative uid or gid");
        }
        mtime = mtime == null ? Instant.EPOCH : mtime;
        xattrs = xattrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(xattrs));
    }

    /** Owner root:root, epoch mtime, no xattrs. */
    public static EntryAttributes of(int mode) {
        return new EntryAttributes(mode, 0, 0, Instant.EPOCH, Map.of());
    }

    public static EntryAttributes of(int mode, long uid, long gid) {
        return new EntryAttributes(mode, uid, gid, Instant.EPOCH, Map.of());
    }

    public EntryAttributes withMtime(Instant newMtime) {
        return new EntryAttributes(mode, uid, gid, newMtime, xattrs);
    }

    public EntryAttributes withXattrs(Map<String, String> newXattrs) {
        return new EntryAttributes(mode, uid, gid, mtime, newXattrs);
    }
}
