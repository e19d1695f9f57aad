package dev.pier.image.remote.http;

import dev.pier.image.io.BufferReadable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A body of {@code Content-Length} bytes, or (length -1) one that lasts until the server closes.
 * Reading its last byte hands the connection on ({@code onEnd}); closing it earlier, or a
 * connection that ends too soon, closes the connection ({@code onAbort}).
 */
final class FixedLengthBody extends InputStream implements BufferReadable {
    private final InputStream in;
    private final long length;
    private final Runnable onEnd;
    private final Runnable onAbort;
    private long remaining;
    private boolean finished;

    FixedLengthBody(InputStream in, long length, Runnable onEnd, Runnable onAbort) {
        this.in = in;
        this.length = length;
        this.remaining = length;
        this.onEnd = onEnd;
        this.onAbort = onAbort;
        if (length == 0) {
            finish();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            return ended();
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(b, off, length < 0 ? len : (int) Math.min(len, remaining));
        } catch (IOException e) {
            abort();
            throw e;
        }
        return counted(n);
    }

    /** A read after the end: -1, or an error when the body was closed before it. */
    private int ended() throws IOException {
        if (length >= 0 && remaining > 0) {
            throw new IOException("stream closed");
        }
        return -1;
    }

    /** Accounts for {@code n} bytes read (or the end, -1): hands the connection on at the body's end. */
    private int counted(int n) throws IOException {
        if (n < 0) {
            if (length < 0) {
                finish();
                return -1;
            }
            abort();
            throw new IOException("the connection closed after " + (length - remaining) + " of " + length + " bytes");
        }
        if (length >= 0) {
            remaining -= n;
            if (remaining == 0) {
                finish();
            }
        }
        return n;
    }

    /** As {@link #read(byte[], int, int)}, into a buffer: from the socket's channel when the buffer is direct. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (finished) {
            return ended();
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        int limit = dst.limit();
        if (length >= 0 && remaining < dst.remaining()) {
            dst.limit(dst.position() + (int) remaining);
        }
        int n;
        try {
            n = BufferReadable.read(in, dst);
        } catch (IOException e) {
            abort();
            throw e;
        } finally {
            dst.limit(limit);
        }
        return counted(n);
    }

    @Override
    public int available() throws IOException {
        return finished ? 0 : (int) Math.min(in.available(), length < 0 ? Integer.MAX_VALUE : remaining);
    }

    private void finish() {
        finished = true;
        onEnd.run();
    }

    private void abort() {
        finished = true;
        onAbort.run();
    }

    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }
}
