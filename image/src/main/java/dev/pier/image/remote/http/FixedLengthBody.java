package dev.pier.image.remote.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body of {@code Content-Length} bytes, or (length -1) one that lasts until the server closes.
 * Reading its last byte hands the connection on ({@code onEnd}); closing it earlier, or a
 * connection that ends too soon, closes the connection ({@code onAbort}).
 */
final class FixedLengthBody extends InputStream {
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
            if (length >= 0 && remaining > 0) {
                throw new IOException("stream closed");
            }
            return -1;
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
