package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelGzipOutputStreamTest {
    /** The smallest block size allowed: small inputs then cross many blocks. */
    private static final int BLOCK = 32 * 1024;

    /** Sizes around block boundaries, and one of many blocks. */
    static Stream<Arguments> inputs() {
        List<Arguments> all = new ArrayList<>();
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 1, 3 * BLOCK - 1, 40 * BLOCK + 12345}) {
            all.add(Arguments.of("random", size, random(size, 1)));
            all.add(Arguments.of("compressible", size, compressible(size, 2)));
            all.add(Arguments.of("mixed", size, mixed(size, 3)));
        }
        return all.stream();
    }

    /** Incompressible bytes: every block is stored. */
    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Text-like bytes repeating at distances both below and above 32 KiB, like files in a tar. */
    static byte[] compressible(int size, long seed) {
        Random r = new Random(seed);
        String[] words = {"usr", "lib", "share", "doc", "bin", "ELF", "\0\0\0\0", "copyright", "GNU", "x86_64", "\n"};
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) {
            text.append(words[r.nextInt(words.length)]).append(r.nextInt(3) == 0 ? Integer.toString(r.nextInt(1000)) : "");
        }
        return text.substring(0, size).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Random and text-like stretches of 4 KiB to 2 blocks, as a tar of archives and text files
     * is: some blocks are stored, some deflated, some hold both.
     */
    static byte[] mixed(int size, long seed) {
        Random r = new Random(seed);
        byte[] data = new byte[size];
        int at = 0;
        for (boolean text = r.nextBoolean(); at < size; text = !text) {
            int n = Math.min(size - at, 4096 + r.nextInt(2 * BLOCK));
            byte[] part = text ? compressible(n, r.nextLong()) : random(n, r.nextLong());
            System.arraycopy(part, 0, data, at, n);
            at += n;
        }
        return data;
    }

    static byte[] compress(byte[] data, int level, int blockSize, int threads, long chunkSeed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ParallelGzipOutputStream(bytes, level, blockSize, threads)) {
            writeInChunks(out, data, new Random(chunkSeed));
        }
        return bytes.toByteArray();
    }

    /** Writes {@code data} in pieces of random sizes, some single bytes, flushing now and then. */
    private static void writeInChunks(OutputStream out, byte[] data, Random r) throws IOException {
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, r.nextInt(4) == 0 ? 1 : r.nextInt(3 * BLOCK));
            if (n == 1) {
                out.write(data[at]);
            } else {
                out.write(data, at, n);
            }
            at += n;
            if (r.nextInt(16) == 0) {
                out.flush();
            }
        }
    }

    static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** Inflates the deflate data after the 10-byte header: it must end exactly where the 8-byte trailer starts. */
    private static void assertOneMember(byte[] gzip, int uncompressedSize) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(gzip, 10, gzip.length - 10);
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(sink);
                assertThat(n > 0 || !inflater.needsInput()).as("deflate data ends before its final block").isTrue();
                total += n;
            }
            assertThat(total).isEqualTo(uncompressedSize);
            assertThat(inflater.getRemaining()).as("bytes after the deflate data").isEqualTo(8);
        } finally {
            inflater.end();
        }
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("inputs")
    void roundTripsAsOneGzipMember(String kind, int size, byte[] data) throws Exception {
        byte[] gzip = compress(data, 6, BLOCK, 2, size);
        assertThat(gunzip(gzip)).isEqualTo(data);
        assertOneMember(gzip, size);
        assertThat(Compression.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(gzip)))).isEqualTo(Compression.GZIP);
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("inputs")
    void bytesDependOnTheBlockSizeNotOnThreadsOrWrites(String kind, int size, byte[] data) throws IOException {
        byte[] reference = compress(data, 6, BLOCK, 1, 1);
        for (int threads : new int[] {2, 3, 8}) {
            assertThat(compress(data, 6, BLOCK, threads, threads)).as("%d threads", threads).isEqualTo(reference);
        }
    }

    @Test
    void gzipReadsAndChecksIt(@TempDir Path tmp) throws IOException {
        Path gzipCommand = Peers.require("gzip");
        byte[][] inputs = {new byte[0], compressible(BLOCK, 3), compressible(25 * BLOCK + 7, 4), random(5 * BLOCK + 1, 5),
            mixed(30 * BLOCK + 3, 6)};
        for (int i = 0; i < inputs.length; i++) {
            Path file = tmp.resolve("layer" + i + ".tar.gz");
            Files.write(file, compress(inputs[i], 6, BLOCK, 2, i));
            Exec.of(gzipCommand, "-t", file.toString()).check();
            Exec.of(gzipCommand, "-d", file.toString()).check();
            assertThat(tmp.resolve("layer" + i + ".tar")).hasBinaryContent(inputs[i]);
        }
    }

    @Test
    void emptyInputIsWhatGzipOutputStreamWrites() throws IOException {
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        new java.util.zip.GZIPOutputStream(jdk).close();
        assertThat(compress(new byte[0], 6, BLOCK, 2, 0)).isEqualTo(jdk.toByteArray());
    }

    @Test
    void defaultBlockSizeAndLevelsRoundTrip() throws Exception {
        byte[] data = compressible(3 * ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE + 99, 6);
        for (int level = -1; level <= 9; level++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new ParallelGzipOutputStream(bytes, level)) {
                out.write(data);
            }
            assertThat(gunzip(bytes.toByteArray())).as("level %d", level).isEqualTo(data);
            assertOneMember(bytes.toByteArray(), data.length);
        }
        assertThat(compress(data, 0, BLOCK, 2, 0).length).isGreaterThan(data.length);
        assertThat(compress(data, 9, BLOCK, 2, 0).length).isLessThan(compress(data, 1, BLOCK, 2, 0).length);
    }

    @Test
    void rejectsBadParameters() {
        OutputStream sink = OutputStream.nullOutputStream();
        assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 10, BLOCK, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 10");
        assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 6, BLOCK - 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParallelGzipOutputStream(sink, 6, BLOCK, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A sink that fails once {@code limit} bytes went through, and records whether it was closed. */
    private static final class FailingSink extends OutputStream {
        private final long limit;
        private long written;
        final AtomicBoolean closed = new AtomicBoolean();

        FailingSink(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > limit) {
                throw new IOException("disk full");
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void aFailingSinkFailsTheWriterAndLeavesNoThread() throws Exception {
        // The stream's threads belong to the thread group of the thread that starts them.
        ThreadGroup group = new ThreadGroup("gzip-under-test");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        FailingSink sink = new FailingSink(100_000);
        AtomicReference<OutputStream> stream = new AtomicReference<>();
        Thread writer = new Thread(group, () -> {
            try {
                stream.set(new ParallelGzipOutputStream(sink, 6, BLOCK, 3));
                stream.get().write(random(200 * BLOCK, 7));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "writer");
        writer.start();
        writer.join();
        assertThat(thrown.get()).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(group.activeCount()).as("threads left running").isZero();
        assertThatThrownBy(() -> stream.get().write(1)).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        stream.get().close();
        assertThat(sink.closed).isTrue();
    }

    @Test
    void aFailureWhileFinishingPropagatesFromClose() throws Exception {
        ThreadGroup group = new ThreadGroup("gzip-under-test");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        byte[] data = compressible(20 * BLOCK, 8);
        FailingSink sink = new FailingSink(compress(data, 6, BLOCK, 1, 0).length - 4);   // fails in the trailer
        Thread writer = new Thread(group, () -> {
            try (OutputStream out = new ParallelGzipOutputStream(sink, 6, BLOCK, 2)) {
                out.write(data);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "writer");
        writer.start();
        writer.join();
        assertThat(thrown.get()).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(group.activeCount()).as("threads left running").isZero();
        assertThat(sink.closed).isTrue();
    }

    @Test
    void aSlowWriterWhoseThreadsTimedOutGetsNewOnes() throws Exception {
        byte[] data = compressible(12 * BLOCK, 10);
        ThreadGroup group = new ThreadGroup("gzip-under-test");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Thread writer = new Thread(group, () -> {
            try (OutputStream out = new ParallelGzipOutputStream(bytes, 6, BLOCK, 2)) {
                out.write(data, 0, 6 * BLOCK);
                out.flush();
                Thread.sleep(1500);   // longer than the workers' keep-alive: they end
                out.write(data, 6 * BLOCK, 6 * BLOCK);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "writer");
        writer.start();
        writer.join();
        assertThat(thrown.get()).isNull();
        assertThat(bytes.toByteArray()).isEqualTo(compress(data, 6, BLOCK, 1, 0));
        assertThat(group.activeCount()).as("threads left running").isZero();
    }

    @Test
    void closedStreamRejectsWrites() throws IOException {
        OutputStream out = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, BLOCK, 2);
        out.write(random(3 * BLOCK, 9));
        out.close();
        out.close();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
