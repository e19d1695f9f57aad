package dev.pier.image.remote;

import dev.pier.image.io.BufferReadable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A download that survives broken connections: when reading fails, or the stream ends before
 * {@code size} bytes, it reopens at the offset reached (an HTTP {@code Range} request) and goes on,
 * up to {@code maxAttempts} times in all. Errors that are not I/O errors (a refused request, a
 * digest mismatch) are not retried.
 */
final class ResumingInputStream extends InputStream implements BufferReadable {
    /** Opens the content from an offset. */
    @FunctionalInterface
    interface Opener {
        InputStream open(long offset) throws IOException;
    }

    private final Opener opener;
    private final long size;
    private final int maxAttempts;
    private InputStream current;
    private long offset;
    private int failures;
    private boolean closed;

    /** @param size the expected length, or -1 when unknown (then an early end cannot be detected) */
    ResumingInputStream(Opener opener, long size, int maxAttempts) {
        this.opener = opener;
        this.size = size;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        return read(len, in -> in.read(b, off, len));
    }

    /** As {@link #read(byte[], int, int)}, into a buffer (a body of a plain connection fills a direct one from the socket). */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst.remaining(), in -> BufferReadable.read(in, dst));
    }

    /** One read of the current response, reopened at the offset reached after a failure. */
    @FunctionalInterface
    private interface Step {
        int readFrom(InputStream in) throws IOException;
    }

    private int read(int len, Step step) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            try {
                if (current == null) {
                    current = opener.open(offset);
                }
                int n = step.readFrom(current);
                if (n > 0) {
                    offset += n;
                    return n;
                }
                if (n < 0 && (size < 0 || offset >= size)) {
                    return -1;
                }
                if (n < 0) {
                    throw new IOException("connection closed after " + offset + " of " + size + " bytes");
                }
            } catch (IOException e) {
                closeCurrent();
                if (++failures >= maxAttempts) {
                    throw e;
                }
                pause();
            }
        }
    }

    /** Bytes delivered so far. */
    long offset() {
        return offset;
    }

    private void pause() throws IOException {
        try {
            Thread.sleep(Math.min(4000, 100L << Math.min(failures, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the connection is already broken
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeCurrent();
    }
}
