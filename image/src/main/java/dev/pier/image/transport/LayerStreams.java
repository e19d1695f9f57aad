package dev.pier.image.transport;

import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Stream adapters for layers moving between transports. */
final class LayerStreams {
    private LayerStreams() {}

    /** The uncompressed tar of a layer blob, whatever its compression (detected from its first bytes). */
    static InputStream decompressed(InputStream blob, Descriptor layer) throws IOException {
        InputStream buffered = new BufferedInputStream(blob, 128 * 1024);
        return Compression.detect(buffered).decompress(buffered, "layer " + layer.digest());
    }
}
