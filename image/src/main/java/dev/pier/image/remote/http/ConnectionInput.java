package dev.pier.image.remote.http;

import dev.pier.image.io.BufferReadable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * What a connection reads: a buffered stream for the status line, the header fields and small
 * bodies, and, on a plain connection, reads of a large body straight from the socket's channel
 * into the caller's buffer (a direct one: no copy into the Java heap).
 *
 * <p>Each read is bounded by the request's read timeout. Stream reads use the socket's own
 * ({@code SO_TIMEOUT}); a channel read has none in blocking mode, so {@link ReadWatchdog} closes
 * the channel of a read that waits too long, and the read then fails with a
 * {@link java.net.SocketTimeoutException} as a stream read would. Why not the socket's timed read for
 * buffers too: it takes a {@code byte[]} only, and it switches the socket to non-blocking and back
 * (two {@code fcntl} calls) and polls around every read.
 */
final class ConnectionInput extends InputStream implements BufferReadable {
    private static final int BUFFER = 64 * 1024;
    private final InputStream socket;
    private final Optional<SocketChannel> channel;
    private final byte[] buffer = new byte[BUFFER];
    private final ReadWatchdog.Read watched;
    private int position;
    private int limit;

    ConnectionInput(InputStream socket, Optional<SocketChannel> channel) {
        this.socket = socket;
        this.channel = channel;
        this.watched = channel.map(ReadWatchdog.Read::new).orElse(null);
    }

    /** Bounds each later read of a channel (stream reads follow the socket's {@code SO_TIMEOUT}). */
    void timeout(Duration readTimeout) {
        if (watched != null) {
            watched.timeout(readTimeout);
        }
    }

    @Override
    public int read() throws IOException {
        if (position == limit && fill() < 0) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            if (len >= BUFFER) {
                return socket.read(b, off, len); // large reads skip the buffer, as BufferedInputStream's do
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /**
     * Bytes already buffered first; then, on a plain connection and into a direct buffer, one read
     * of the channel; otherwise through the heap buffer.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position == limit) {
            if (watched != null && dst.isDirect()) {
                return watched.read(dst);
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(dst.remaining(), limit - position);
        dst.put(buffer, position, n);
        position += n;
        return n;
    }

    private int fill() throws IOException {
        int n = socket.read(buffer, 0, BUFFER);
        position = 0;
        limit = Math.max(n, 0);
        return n;
    }

    /** Only what is buffered: asking the socket would cost a system call per answer. */
    @Override
    public int available() {
        return limit - position;
    }

    /** Stops watching the channel; the connection closes the socket itself. */
    @Override
    public void close() {
        if (watched != null) {
            watched.forget();
        }
    }
}
