package dev.pier.image.layer;

/**
 * Limits and choices for {@link LayerApplier}.
 *
 * @param maxBytes the most bytes of uncompressed tar (headers, PAX records, contents and padding)
 *     one layer may have; more fails the extraction, which stops a decompression bomb
 * @param maxEntries the most entries one layer may have
 * @param applyOwnership whether to lchown entries to their uid/gid. Only root can; when false (or
 *     when lchown is refused) the owner each entry wanted is reported in
 *     {@link ApplyResult#unappliedOwnership()} so a rootless caller can map it (e.g. with an
 *     idmapped mount or by writing it into a user namespace's view)
 */
public record ExtractOptions(long maxBytes, long maxEntries, boolean applyOwnership) {
    /** 64 GiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 30;
    public static final long DEFAULT_MAX_ENTRIES = 10_000_000L;

    public ExtractOptions {
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 64 GiB, 10 million entries, ownership applied when the process's effective uid is 0. */
    public static ExtractOptions defaults() {
        return new ExtractOptions(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, ProcessIdentity.current().isRoot());
    }

    public ExtractOptions withMaxBytes(long max) {
        return new ExtractOptions(max, maxEntries, applyOwnership);
    }

    public ExtractOptions withMaxEntries(long max) {
        return new ExtractOptions(maxBytes, max, applyOwnership);
    }

    public ExtractOptions withApplyOwnership(boolean apply) {
        return new ExtractOptions(maxBytes, maxEntries, apply);
    }
}
