package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.layer.BlockDeflater.Deflated;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Incompressible blocks are stored; any compressible part keeps a block deflated at its level. */
class BlockDeflaterTest {
    private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;

    private static byte[] bytes(Deflated d) {
        return Arrays.copyOf(d.bytes(), d.length());
    }

    /** What a plain Deflater at {@code level} writes for the block, sync-flushed. */
    private static byte[] plain(int level, byte[] data) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(data);
            byte[] out = new byte[data.length * 2 + 64];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] raw, int size) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            byte[] out = new byte[size];
            int n = 0;
            while (n < size) {
                int got = inflater.inflate(out, n, size - n);
                assertThat(got).as("inflated bytes").isPositive();
                n += got;
            }
            return out;
        } finally {
            inflater.end();
        }
    }

    @Test
    void randomBytesAreStoredAsLevelZeroWouldWriteThem() throws DataFormatException {
        byte[] random = ParallelGzipOutputStreamTest.random(BLOCK, 1);
        assertThat(BlockDeflater.incompressible(random, random.length)).isTrue();
        byte[] out = bytes(BlockDeflater.deflate(6, null, random, random.length, false));
        assertThat(out).isEqualTo(plain(Deflater.NO_COMPRESSION, random));
        assertThat(out).isNotEqualTo(plain(6, random));   // zlib at level 6 cuts its stored blocks elsewhere
        assertThat(inflate(out, random.length)).isEqualTo(random);
    }

    @Test
    void textIsDeflatedAtTheLevelAsked() throws DataFormatException {
        byte[] text = ParallelGzipOutputStreamTest.compressible(BLOCK, 2);
        assertThat(BlockDeflater.incompressible(text, text.length)).isFalse();
        byte[] out = bytes(BlockDeflater.deflate(6, null, text, text.length, false));
        assertThat(out).isEqualTo(plain(6, text));
        assertThat(out.length).isLessThan(text.length / 2);
        assertThat(inflate(out, text.length)).isEqualTo(text);
    }

    @Test
    void oneCompressibleStretchAnywhereKeepsTheBlockDeflated() {
        byte[] text = ParallelGzipOutputStreamTest.compressible(BLOCK, 3);
        // a stretch as long as the distance between two probed slices is always probed, wherever it lies
        int stretch = BLOCK / BlockDeflater.SAMPLES + BlockDeflater.SAMPLE_SIZE;
        for (int at = 0; at + stretch <= BLOCK; at += 7919) {
            byte[] block = ParallelGzipOutputStreamTest.random(BLOCK, at);
            System.arraycopy(text, at, block, at, stretch);
            assertThat(BlockDeflater.incompressible(block, block.length)).as("text at %d", at).isFalse();
        }
    }

    @Test
    void blocksShorterThanOneSliceAreNeverStored() {
        byte[] random = ParallelGzipOutputStreamTest.random(BlockDeflater.SAMPLE_SIZE - 1, 4);
        assertThat(BlockDeflater.incompressible(random, random.length)).isFalse();
        assertThat(BlockDeflater.incompressible(random, 0)).isFalse();
    }

    @Test
    void aStoredLastBlockEndsTheDeflateStream() throws DataFormatException {
        byte[] random = ParallelGzipOutputStreamTest.random(3 * BlockDeflater.SAMPLE_SIZE + 5, 5);
        byte[] out = bytes(BlockDeflater.deflate(9, new byte[BLOCK], random, random.length, true));
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(out);
            byte[] back = new byte[random.length + 1];
            int n = inflater.inflate(back);
            assertThat(inflater.finished()).isTrue();
            assertThat(Arrays.copyOf(back, n)).isEqualTo(random);
        } finally {
            inflater.end();
        }
    }
}
