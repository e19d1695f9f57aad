package dev.pier.image.layer;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The uncompressed tar of a gzip layer kept as a file (as an OCI layout keeps blobs), made whole
 * in memory by {@link LibDeflate} rather than streamed through zlib: unpacking an image spends
 * most of its CPU time inflating. The blob is mapped, hashed and decompressed in one call, and
 * the tar hashed, before the first byte is handed out, so what the caller reads is verified.
 *
 * <p>This is only a faster path: whenever it does not apply — no libdeflate, not gzip, several
 * gzip members, a tar larger than {@link #MAX_TAR_BYTES}, or any digest, size or data that does
 * not check out — it returns empty and the caller streams the layer as usual, which also gives
 * the usual error for bad data.
 */
public final class InMemoryGunzip {
    /** Larger tars are streamed: a few layers of this size may be held at once while unpacking. */
    public static final long MAX_TAR_BYTES = 256L << 20;

    private InMemoryGunzip() {}

    /**
     * The verified tar of the gzip blob in {@code file}, whose descriptor is {@code blob} and whose
     * tar has the digest {@code diffId}; its memory is freed when the stream is closed.
     */
    public static Optional<InputStream> open(Path file, Descriptor blob, Digest diffId) throws IOException {
        Optional<LibDeflate> libDeflate = LibDeflate.get();
        if (libDeflate.isEmpty()) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena mapping = Arena.ofConfined()) {
            long size = channel.size();
            if (size != blob.size() || size < 18) {   // 18: the smallest gzip member
                return Optional.empty();
            }
            MemorySegment in = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, mapping);
            if (!isGzip(in) || !hashOf(in, blob.digest()).equals(blob.digest())) {
                return Optional.empty();
            }
            // ISIZE, the member's last four bytes: its uncompressed length modulo 2^32.
            long tarSize = Integer.toUnsignedLong(in.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), size - 4));
            if (tarSize > MAX_TAR_BYTES) {
                return Optional.empty();
            }
            return decompress(libDeflate.get(), in, tarSize, diffId);
        }
    }

    private static Optional<InputStream> decompress(LibDeflate libDeflate, MemorySegment in, long tarSize, Digest diffId) {
        Arena tarMemory = Arena.ofShared();   // read by the applier's thread, made by a producer's
        try {
            MemorySegment tar = tarMemory.allocate(Math.max(1, tarSize)).asSlice(0, tarSize);
            Optional<long[]> done = libDeflate.gunzip(in, tar);
            // One member exactly filling the buffer: anything else (a multi-member gzip, a lying ISIZE) is streamed.
            if (done.isEmpty() || done.get()[0] != in.byteSize() || done.get()[1] != tarSize
                    || !hashOf(tar, diffId).equals(diffId)) {
                tarMemory.close();
                return Optional.empty();
            }
            return Optional.of(new SegmentInputStream(tar, tarMemory));
        } catch (RuntimeException | Error e) {
            tarMemory.close();
            throw e;
        }
    }

    private static boolean isGzip(MemorySegment in) {
        return in.get(ValueLayout.JAVA_BYTE, 0) == (byte) 0x1f && in.get(ValueLayout.JAVA_BYTE, 1) == (byte) 0x8b;
    }

    private static Digest hashOf(MemorySegment data, Digest like) {
        MessageDigest md = like.algorithm().newMessageDigest();
        long chunk = 1L << 30;   // a ByteBuffer holds at most 2 GiB
        for (long at = 0; at < data.byteSize(); at += chunk) {
            md.update(data.asSlice(at, Math.min(chunk, data.byteSize() - at)).asByteBuffer());
        }
        return Digest.fromHash(like.algorithm(), md.digest());
    }

    /** Reads a memory segment; closing it frees the memory. */
    private static final class SegmentInputStream extends InputStream {
        private final MemorySegment data;
        private final Arena arena;
        private long position;
        private boolean closed;

        SegmentInputStream(MemorySegment data, Arena arena) {
            this.data = data;
            this.arena = arena;
        }

        @Override
        public int read() throws IOException {
            ensureOpen();
            return position < data.byteSize() ? data.get(ValueLayout.JAVA_BYTE, position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            long left = data.byteSize() - position;
            if (len == 0) {
                return 0;
            }
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            ensureOpen();
            long skipped = Math.max(0, Math.min(n, data.byteSize() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            ensureOpen();
            return (int) Math.min(Integer.MAX_VALUE, data.byteSize() - position);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                arena.close();
            }
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
        }
    }
}
