package dev.pier.registry;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * Writes a range of a file as a response body through one pooled direct buffer: the kernel copies
 * the file into it and from it into the socket, and the bytes never pass through the Java heap (a
 * heap buffer costs two more copies, through the JDK's temporary direct buffers, and garbage).
 * Measured against memory-mapping each window: the same CPU per byte, without the unmapping's
 * thread handshakes or the mapped pages counted in the resident set. Blocking: it runs on the
 * request's virtual thread.
 */
final class FileBody {
    /** Bytes per read and write: four writes for a 1 MiB blob, 128 for a 32 MiB one. */
    static final int WINDOW = 256 * 1024;

    private FileBody() {}

    /** Writes {@code length} bytes of {@code channel} from {@code start}; the response is complete afterwards. */
    static void write(Response response, FileChannel channel, long start, long length, ByteBufferPool pool) throws IOException {
        long end = start + length;
        RetainableByteBuffer buffer = pool.acquire((int) Math.min(WINDOW, length), true);
        try {
            ByteBuffer window = buffer.getByteBuffer();
            for (long position = start; position < end; ) {
                window.clear().limit((int) Math.min(window.capacity(), end - position));
                while (window.hasRemaining()) {
                    if (channel.read(window, position + window.position()) < 0) {
                        throw new EOFException("blob ended at " + (position + window.position()) + " of " + end + " bytes");
                    }
                }
                window.flip();
                position += window.remaining();
                try (Blocker.Callback written = Blocker.callback()) {
                    response.write(position == end, window, written);
                    written.block();
                }
            }
        } finally {
            buffer.release();
        }
    }
}
