package dev.pier.image.digest;

import dev.pier.image.io.BufferReadable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing and counting them, and fails at end of stream (or as soon as
 * too many bytes arrive) when the content does not match the expected digest and size. A reader
 * that consumes the stream to its end therefore never accepts tampered or truncated content.
 */
public final class VerifyingInputStream extends FilterInputStream implements BufferReadable {
    private final String what;
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest md;
    private long count;
    private boolean verified;

    /**
     * @param expectedSize the promised size, or -1 when only the digest is known
     */
    public VerifyingInputStream(InputStream in, String what, Digest expected, long expectedSize) {
        super(in);
        this.what = what;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.md = expected.algorithm().newMessageDigest(expectedSize);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        return counted(n);
    }

    /**
     * As {@link #read(byte[], int, int)}, into a buffer; the bytes read are hashed where they are
     * (libcrypto reads a direct buffer's memory in place).
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = BufferReadable.read(in, dst);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(dst.slice(start, n));
        return counted(n);
    }

    @Override
    public boolean readsDirectly() {
        return BufferReadable.readsDirectly(in);
    }

    private int counted(int n) {
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw DigestMismatchException.size(what, expectedSize, count);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw DigestMismatchException.size(what, expectedSize, count);
        }
        Digest actual = Digest.fromHash(expected.algorithm(), md.digest());
        if (!actual.equals(expected)) {
            throw DigestMismatchException.digest(what, expected, actual);
        }
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }
}
