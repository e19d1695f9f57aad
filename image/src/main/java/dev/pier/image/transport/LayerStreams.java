package dev.pier.image.transport;

import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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

    /** Counts the bytes read through it. */
    static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
