package dev.pier.image.layer;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import java.util.List;

/**
 * What {@link LayerWriter#finish()} produced.
 *
 * @param descriptor media type, digest and size of the bytes written to the sink (the blob)
 * @param diffId digest of the uncompressed tar, for the config's {@code rootfs.diff_ids}
 * @param uncompressedSize size of the uncompressed tar
 * @param warnings things left out of the layer, one line each (e.g. a socket, an xattr whose
 *     value is not text); empty when everything was written
 */
public record WrittenLayer(Descriptor descriptor, Digest diffId, long uncompressedSize, List<String> warnings) {
    public WrittenLayer {
        warnings = List.copyOf(warnings);
    }

    public Digest digest() {
        return descriptor.digest();
    }

    public long size() {
        return descriptor.size();
    }
}
