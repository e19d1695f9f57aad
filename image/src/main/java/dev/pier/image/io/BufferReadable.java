package dev.pier.image.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A stream whose bytes can also be read into a {@link ByteBuffer}. A stream that reads a socket
 * can then fill a direct buffer straight from the kernel, and its reader hash that buffer's memory
 * and write it to a file without the bytes ever entering the Java heap: a {@code byte[]} read of a
 * socket and a {@code byte[]} write to a file each copy every byte through a temporary direct
 * buffer of the JDK's (measured on a pull: two such copies, about 40 ms of CPU for 191 MiB).
 * Wrapping streams (hashing, counting, resuming) implement it by passing the buffer on.
 */
public interface BufferReadable {
    /**
     * Reads up to {@code dst.remaining()} bytes into {@code dst} at its position, which advances;
     * returns their number, or -1 at the end of the stream. Blocks until at least one byte is there
     * when {@code dst} has room.
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Whether {@link #read(ByteBuffer)} fills a direct buffer without a heap array of its own on
     * the way; a wrapper answers for what it wraps.
     */
    default boolean readsDirectly() {
        return true;
    }

    /** Whether {@code in} reads into a direct buffer without a heap array on the way. */
    static boolean readsDirectly(InputStream in) {
        return in instanceof BufferReadable readable && readable.readsDirectly();
    }

    /**
     * Reads from {@code in} into {@code dst}: straight when {@code in} is {@link BufferReadable},
     * through a heap array otherwise (the plain streams of files, archives, decompressors).
     */
    static int read(InputStream in, ByteBuffer dst) throws IOException {
        if (in instanceof BufferReadable readable) {
            return readable.read(dst);
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] heap = new byte[Math.min(dst.remaining(), 64 * 1024)];
        int n = in.read(heap, 0, heap.length);
        if (n > 0) {
            dst.put(heap, 0, n);
        }
        return n;
    }
}
