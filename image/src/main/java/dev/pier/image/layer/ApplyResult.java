package dev.pier.image.layer;

import java.util.List;

/**
 * What {@link LayerApplier} did.
 *
 * @param entries tar entries read (whiteouts included)
 * @param bytes uncompressed tar bytes read
 * @param unappliedOwnership entries whose uid/gid differ from what they got on disk, because
 *     ownership was not applied (not root) or lchown was refused; empty when running as root
 * @param skipped one line per thing that was not applied: device nodes when not root, xattrs
 *     outside {@code user.*} (e.g. {@code security.capability}, which the JDK cannot set),
 *     unsupported entry types
 * @param whiteouts the names of the layer's whiteout and opaque-marker entries, as in the tar
 *     (for a caller that records them for overlayfs, as the applier itself leaves no trace of them)
 */
public record ApplyResult(long entries, long bytes, List<UnappliedOwnership> unappliedOwnership, List<String> skipped,
        List<String> whiteouts) {
    public ApplyResult {
        unappliedOwnership = List.copyOf(unappliedOwnership);
        skipped = List.copyOf(skipped);
        whiteouts = List.copyOf(whiteouts);
    }
}
