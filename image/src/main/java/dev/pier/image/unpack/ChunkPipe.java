package dev.pier.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded hand-over of bytes from one producer thread to one consumer thread, in chunks. The
 * producer fills it from a stream (decompressing and verifying as it reads); the consumer reads it
 * as an {@link InputStream}. A failure of the producer reaches the consumer on its next read, so a
 * digest mismatch found at the end of a layer fails the reader that applies it.
 */
final class ChunkPipe {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<Object> chunks;
    private final int chunkSize;
    private volatile boolean abandoned;

    ChunkPipe(int capacity, int chunkSize) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
        this.chunkSize = chunkSize;
    }

    /** Copies {@code in} into the pipe to its end, then marks the end (or the failure). */
    void fill(InputStream in) {
        try (in) {
            while (!abandoned) {
                byte[] chunk = in.readNBytes(chunkSize);
                if (chunk.length == 0) {
                    break;
                }
                chunks.put(chunk);
            }
            put(EOF);
        } catch (IOException | RuntimeException e) {
            put(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Object o) {
        try {
            while (!abandoned && !chunks.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // wait for room, unless the reader went away
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the producer to stop: the consumer will read no more. */
    void abandon() {
        abandoned = true;
        chunks.clear();
    }

    InputStream reader() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (pos == current.length) {
                    if (done || !next()) {
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            private boolean next() throws IOException {
                Object o;
                try {
                    o = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while unpacking");
                }
                if (o == EOF) {
                    done = true;
                    return false;
                }
                if (o instanceof IOException io) {
                    done = true;
                    throw io;
                }
                if (o instanceof RuntimeException r) {
                    done = true;
                    throw r;
                }
                current = (byte[]) o;
                pos = 0;
                return true;
            }

            @Override
            public void close() {
                if (!done) {
                    abandon();
                }
            }
        };
    }
}
