package dev.pier.image.remote.http;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a request sends after its head. Bytes and files can be sent again (after a dropped
 * connection, a redirect, a new token); a stream is sent once.
 */
public sealed interface RequestBody {
    /** Whether the body can be sent a second time. */
    default boolean replayable() {
        return true;
    }

    /** No body (GET, HEAD, DELETE). */
    record Empty() implements RequestBody {}

    /** {@code length} bytes of {@code bytes} from {@code offset}; the array must not change while the request runs. */
    record Bytes(byte[] bytes, int offset, int length) implements RequestBody {
        public Bytes {
            Objects.checkFromIndexSize(offset, length, bytes.length);
        }

        public static Bytes of(byte[] bytes) {
            return new Bytes(bytes, 0, bytes.length);
        }
    }

    /** A whole file; on plain HTTP it goes to the socket through a direct buffer, without passing through the Java heap. */
    record FileContent(Path file) implements RequestBody {}

    /** {@code length} bytes read from a stream, or until its end with chunked transfer coding when the length is -1. */
    record Streamed(InputStream in, long length) implements RequestBody {
        @Override
        public boolean replayable() {
            return false;
        }
    }

    RequestBody EMPTY = new Empty();
}
