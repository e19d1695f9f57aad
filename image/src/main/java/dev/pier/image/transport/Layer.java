package dev.pier.image.transport;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * One layer of an image: its descriptor in the manifest (digest and size of the compressed
 * bytes), its diff_id (digest of the uncompressed tar) from the config, and its content.
 */
public interface Layer {
    /** The descriptor from the manifest. */
    Descriptor descriptor();

    /** The digest of the uncompressed tar, from the image config's rootfs.diff_ids. */
    Digest diffId();

    default Digest digest() {
        return descriptor().digest();
    }

    default long size() {
        return descriptor().size();
    }

    default String mediaType() {
        return descriptor().mediaType();
    }

    /** The bytes as stored, verified against the digest and size when read to the end. */
    InputStream openCompressed() throws IOException;

    /** The uncompressed tar stream. */
    InputStream openUncompressed() throws IOException;
}
