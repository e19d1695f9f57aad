package dev.pier.image.remote.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An answer to a request: status, headers, and the body as a stream. The connection goes back to
 * the pool once the body has been read to its end; closing the body before that closes the
 * connection, so a caller that stops early never leaves unread bytes on a pooled connection.
 */
public record Response(int statusCode, ResponseHeaders headers, InputStream body) implements Closeable {

    /** Reads at most {@code limit} bytes of the body and closes it; more than {@code limit} is an error. */
    public byte[] readBody(int limit) throws IOException {
        try (body) {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new IOException("the answer's body exceeds " + limit + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Drops the body: read to its end when it is small (up to 64 KiB), so the connection serves
     * another request, else closed with its connection. Never fails.
     */
    public void discard() {
        try (body) {
            if (headers.firstValueAsLong("Content-Length").orElse(Long.MAX_VALUE) <= 64 * 1024) {
                body.readAllBytes();
            }
        } catch (IOException ignored) {
            // the connection is closed with the body
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
