package dev.pier.image.layer;

import dev.pier.image.layer.BlockDeflater.Deflated;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip compressor that deflates its input in fixed-size blocks on several threads, as pigz
 * does, and writes one ordinary gzip member: a layer of tens of megabytes is compressed in a
 * fraction of the time one {@link Deflater} takes, and every gzip reader reads it.
 *
 * <p>Each block is deflated by its own {@link Deflater} ({@link BlockDeflater}), primed with the last 32 KiB of the
 * previous block as preset dictionary (so matches reach back across the cut, as in one stream)
 * and ended with {@link Deflater#SYNC_FLUSH}, which leaves the deflate stream on a byte boundary;
 * the last block is ended with {@code finish}. A block whose probe finds it incompressible is
 * stored instead, at the cost of a copy. The raw deflate outputs are written in input order
 * between the 10-byte header and the CRC-32/ISIZE trailer, the CRC computed over the input in
 * order by the writing thread.
 *
 * <p>The output is a pure function of the input bytes, the level and the block size: a block's
 * deflate depends only on its bytes and its predecessor's, never on which thread runs it, how
 * many there are or when the caller writes or flushes. Memory is bounded: at most twice as many
 * blocks as threads are in flight; a writer that gets ahead waits for the oldest. An input that
 * fits in one block is deflated on the caller's thread, starting no thread. Threads are started at
 * the second block and stopped by {@link #close()}, also after a failure.
 *
 * <p>Closing it closes the stream it wraps. Not thread-safe.
 */
final class ParallelGzipOutputStream extends OutputStream {
    /** Block size used by {@link Compression}: see docs/benchmarks.md for the measurement. */
    static final int DEFAULT_BLOCK_SIZE = 256 * 1024;
    /** More threads than this gain little: the caller's thread also tars and hashes. */
    static final int MAX_THREADS = 8;
    /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown): what the JDK's GZIPOutputStream writes. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private enum State { OPEN, FAILED, CLOSED }

    private final OutputStream out;
    private final int level;
    private final int blockSize;
    private final int threads;
    private final CRC32 crc = new CRC32();
    private final ArrayDeque<Future<Deflated>> inFlight = new ArrayDeque<>();
    private ThreadPoolExecutor pool;
    /** Every thread the pool started; a worker that times out may start its successor. */
    private final Queue<Thread> started = new ConcurrentLinkedQueue<>();
    private byte[] block;
    private int filled;
    /** The block handed over last: its tail is the next block's dictionary. */
    private byte[] previous;
    private long totalIn;
    private State state = State.OPEN;

    /** The default block size and one thread per processor (at most {@link #MAX_THREADS}). */
    ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, DEFAULT_BLOCK_SIZE, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Writes the gzip header to {@code out}. {@code level} is a {@link Deflater} level (-1 to 9);
     * {@code blockSize} (at least 32 KiB) determines the output bytes; {@code threads} does not.
     */
    ParallelGzipOutputStream(OutputStream out, int level, int blockSize, int threads) throws IOException {
        if (level < Deflater.DEFAULT_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip level " + level + " is not between 0 and 9");
        }
        if (blockSize < BlockDeflater.DICTIONARY_SIZE) {
            throw new IllegalArgumentException("block size " + blockSize + " is below " + BlockDeflater.DICTIONARY_SIZE);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " is below 1");
        }
        this.out = Objects.requireNonNull(out, "out");
        this.level = level;
        this.blockSize = blockSize;
        this.threads = threads;
        this.block = new byte[blockSize];
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        try {
            while (len > 0) {
                // A full block is handed over only when more input comes: the last block is never empty.
                if (filled == blockSize) {
                    handOver(false);
                }
                int n = Math.min(len, blockSize - filled);
                System.arraycopy(b, off, block, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        } catch (IOException | RuntimeException | Error e) {
            fail();
            throw e;
        }
    }

    /**
     * Writes the blocks already deflated and flushes the wrapped stream. It neither waits for the
     * blocks in flight nor cuts the current one short: the output must not depend on flushes.
     */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        try {
            writeDeflated(Integer.MAX_VALUE);
            out.flush();
        } catch (IOException | RuntimeException | Error e) {
            fail();
            throw e;
        }
    }

    /** Deflates what is left, writes the trailer, stops the threads and closes the wrapped stream. */
    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        Throwable failure = null;
        try {
            if (state == State.OPEN) {
                finish();
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            state = State.CLOSED;
            stopThreads();
            closeOut(failure);
        }
    }

    /** Closes the wrapped stream; its failure is reported unless an earlier one is on its way. */
    private void closeOut(Throwable earlier) throws IOException {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            if (earlier == null) {
                throw e;
            }
            earlier.addSuppressed(e);
        }
    }

    private void finish() throws IOException {
        try {
            handOver(true);
            writeDeflated(0);
            long trailer = (crc.getValue() & 0xffffffffL) | (totalIn & 0xffffffffL) << 32;
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (trailer >>> (8 * i));   // CRC32 then ISIZE, little-endian
            }
            out.write(bytes);
        } catch (IOException | RuntimeException | Error e) {
            fail();
            throw e;
        }
    }

    /** Hands the current block to a deflater, then writes what is done, waiting if too much is in flight. */
    private void handOver(boolean last) throws IOException {
        byte[] data = block;
        int length = filled;
        byte[] dictionary = previous;
        crc.update(data, 0, length);
        totalIn += length;
        if (last && pool == null) {
            Deflated d = BlockDeflater.deflate(level, dictionary, data, length, true);
            out.write(d.bytes(), 0, d.length());
        } else {
            inFlight.add(pool().submit(() -> BlockDeflater.deflate(level, dictionary, data, length, last)));
        }
        previous = data;
        block = last ? null : new byte[blockSize];
        filled = 0;
        writeDeflated(2 * threads);
    }

    /** Writes deflated blocks in order: all that are done, and more until at most {@code maxInFlight} remain. */
    private void writeDeflated(int maxInFlight) throws IOException {
        while (!inFlight.isEmpty() && (inFlight.size() > maxInFlight || inFlight.peek().isDone())) {
            Deflated d;
            try {
                d = inFlight.peek().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing");
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IOException("compressing a block failed", e.getCause());
                }
            }
            inFlight.remove();
            out.write(d.bytes(), 0, d.length());
        }
    }

    private ThreadPoolExecutor pool() {
        if (pool == null) {
            pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "pier-gzip");
                t.setDaemon(true);
                // Workers idle for a second end and are replaced later: forget the ended ones.
                started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
                started.add(t);
                return t;
            });
            // Threads of a stream its caller abandoned without close() still end.
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    /** After a failure nothing more is written: the blocks in flight are dropped and the threads stopped. */
    private void fail() {
        if (state == State.OPEN) {
            state = State.FAILED;
            inFlight.forEach(f -> f.cancel(true));
            inFlight.clear();
            stopThreads();
        }
    }

    private void stopThreads() {
        if (pool == null) {
            return;
        }
        pool.shutdownNow();
        try {
            // Joined, not just awaited: a terminated pool's last thread may still be running. A
            // deflate cannot be interrupted, but one block takes milliseconds.
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException(state == State.FAILED ? "gzip stream failed earlier" : "gzip stream closed");
        }
    }
}
