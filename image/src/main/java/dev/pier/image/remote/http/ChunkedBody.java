package dev.pier.image.remote.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body in chunked transfer coding (RFC 9112 §7.1): chunks of a hexadecimal size, then a last
 * chunk of size 0 and trailer fields, which are read and ignored. Handing on the connection and
 * aborting work as in {@link FixedLengthBody}.
 */
final class ChunkedBody extends InputStream {
    private static final int MAX_TRAILERS = 64;
    private final InputStream in;
    private final Runnable onEnd;
    private final Runnable onAbort;
    private long chunkLeft;
    private boolean finished;
    private boolean ended;

    ChunkedBody(InputStream in, Runnable onEnd, Runnable onAbort) {
        this.in = in;
        this.onEnd = onEnd;
        this.onAbort = onAbort;
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
            if (!ended) {
                throw new IOException("stream closed");
            }
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (chunkLeft == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("the connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                crlf();
            }
            return n;
        } catch (IOException e) {
            abort();
            throw e;
        }
    }

    /** Reads the next chunk's size; false (and the trailers read) at the last chunk. */
    private boolean nextChunk() throws IOException {
        String line = ResponseReader.line(in);
        int ext = line.indexOf(';');
        String hex = (ext >= 0 ? line.substring(0, ext) : line).strip();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new IOException("malformed chunk size: " + ResponseReader.printable(line));
        }
        try {
            chunkLeft = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size: " + ResponseReader.printable(line));
        }
        if (chunkLeft < 0) {
            throw new IOException("malformed chunk size: " + ResponseReader.printable(line));
        }
        if (chunkLeft > 0) {
            return true;
        }
        for (int i = 0; !ResponseReader.line(in).isEmpty(); i++) {
            if (i >= MAX_TRAILERS) {
                throw new IOException("more than " + MAX_TRAILERS + " trailer fields");
            }
        }
        ended = true;
        finished = true;
        onEnd.run();
        return false;
    }

    private void crlf() throws IOException {
        if (!ResponseReader.line(in).isEmpty()) {
            throw new IOException("a chunk is longer than its size says");
        }
    }

    private void abort() {
        if (!finished) {
            finished = true;
            onAbort.run();
        }
    }

    @Override
    public void close() {
        abort();
    }
}
