package dev.pier.analyze.tree;

import dev.pier.image.digest.Digest;
import java.util.List;

/**
 * What one layer does to the tree below it.
 *
 * @param index the layer's position, 0 for the base
 * @param digest the blob digest from the manifest
 * @param diffId the uncompressed tar's digest from the config
 * @param compressedSize the blob's size
 * @param entries the layer's own entries, whiteouts and opaque markers, in tar order
 * @param changes the resulting changes to the flattened tree, by path
 */
public record LayerDiff(int index, Digest digest, Digest diffId, long compressedSize, List<LayerEntry> entries,
                        List<Change> changes) {
    public LayerDiff {
        entries = List.copyOf(entries);
        changes = List.copyOf(changes);
    }

    /** Sum of the sizes of the regular files the layer holds (dive's layer size). */
    public long size() {
        return entries.stream().mapToLong(e -> e instanceof LayerEntry.Put(FileEntry f) ? f.size() : 0).sum();
    }

    public long added() {
        return changes.stream().filter(c -> c instanceof Change.Added).count();
    }

    public long modified() {
        return changes.stream().filter(c -> c instanceof Change.Modified).count();
    }

    public long removed() {
        return changes.stream().filter(c -> c instanceof Change.Removed).count();
    }
}
