package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * How {@link LayerWriter} writes a layer.
 *
 * <p>Timestamp policy: when {@code timestamp} is set, every entry gets exactly that mtime (not
 * min(mtime, timestamp)), so the same content always gives the same bytes whatever the host's
 * clocks did. When it is null, each entry keeps its own mtime, truncated to whole seconds.
 *
 * @param timestamp the mtime of every entry, or null to keep each entry's own
 * @param compressionLevel gzip (0-9) or zstd (1-22) level; negative for the default
 * @param uid when present, the owner of every entry (e.g. 0 for a rootless build)
 * @param gid when present, the group of every entry
 * @param includeXattrs whether {@link LayerWriter#addTree} reads {@code user.*} xattrs of host
 *     files (the JDK cannot read other namespaces such as {@code security.*})
 */
public record LayerOptions(Instant timestamp, int compressionLevel, OptionalLong uid, OptionalLong gid,
                           boolean includeXattrs) {

    /** The environment variable of reproducible-builds.org that fixes build timestamps. */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    public LayerOptions {
        uid = uid == null ? OptionalLong.empty() : uid;
        gid = gid == null ? OptionalLong.empty() : gid;
        if (timestamp != null) {
            // tar headers hold whole seconds; sub-second parts would add PAX records
            timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond());
        }
    }

    /**
     * Reproducible output: every mtime set to {@code $SOURCE_DATE_EPOCH} when the variable is
     * set, to 1970-01-01T00:00:00Z otherwise; default compression level; host ownership kept.
     */
    public static LayerOptions reproducible() {
        return reproducible(sourceDateEpoch(System.getenv(SOURCE_DATE_EPOCH)));
    }

    /** Reproducible output with every mtime set to {@code timestamp}. */
    public static LayerOptions reproducible(Instant timestamp) {
        return new LayerOptions(timestamp, -1, OptionalLong.empty(), OptionalLong.empty(), true);
    }

    /** Keeps each entry's mtime (whole seconds). */
    public static LayerOptions preserveTimes() {
        return new LayerOptions(null, -1, OptionalLong.empty(), OptionalLong.empty(), true);
    }

    public LayerOptions withCompressionLevel(int level) {
        return new LayerOptions(timestamp, level, uid, gid, includeXattrs);
    }

    /** Every entry owned by {@code newUid:newGid}. */
    public LayerOptions withOwner(long newUid, long newGid) {
        return new LayerOptions(timestamp, compressionLevel, OptionalLong.of(newUid), OptionalLong.of(newGid), includeXattrs);
    }

    public LayerOptions withXattrs(boolean include) {
        return new LayerOptions(timestamp, compressionLevel, uid, gid, include);
    }

    /** Parses a SOURCE_DATE_EPOCH value (decimal seconds); null or blank gives the Unix epoch. */
    static Instant sourceDateEpoch(String value) {
        if (value == null || value.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new PierException(SOURCE_DATE_EPOCH + "=\"" + value + "\" is not a number of seconds");
        }
    }
}
