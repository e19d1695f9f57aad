package dev.pier.image.layer;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Deflates one block of a {@link ParallelGzipOutputStream} as raw deflate data that ends on a
 * byte boundary, storing it instead when it is incompressible.
 *
 * <p>Already-compressed content (archives, jars, media, random bytes) costs zlib about as much
 * CPU at level 6 as text does, to save nothing: zlib then emits stored blocks anyway, after the
 * work. So a block is first probed: {@link #SAMPLES} slices of {@link #SAMPLE_SIZE} bytes spread
 * over it are deflated at level 1, and when none of them shrinks by {@link #MIN_SAVING_DIVISOR
 * 1/64} or more, the block is written as stored deflate blocks (level 0), which is a copy. A
 * block with any compressible slice is deflated at the requested level as before, so text and
 * binaries compress as they did. The probe reads only the block's bytes, so the output stays a
 * pure function of the input and the block size.
 */
final class BlockDeflater {
    /** How many slices of a block are probed. */
    static final int SAMPLES = 8;
    /** The length of one probed slice: 8 of them are 1/8 of a 256 KiB block. */
    static final int SAMPLE_SIZE = 4 * 1024;
    /** A slice is compressible when level 1 saves at least its length divided by this. */
    static final int MIN_SAVING_DIVISOR = 64;
    /** The deflate window: how far back a match can reach, so how much of a block primes the next. */
    static final int DICTIONARY_SIZE = 32 * 1024;

    /** A block's raw deflate output: {@code length} bytes of {@code bytes}. */
    record Deflated(byte[] bytes, int length) {}

    private BlockDeflater() {}

    /**
     * The raw deflate of {@code data[0, length)} at {@code level}, primed with the last 32 KiB of
     * {@code dictionary} when it is not null (the previous block), ended with a sync flush, or
     * finished when {@code last}. Stored when {@link #incompressible} says so.
     */
    static Deflated deflate(int level, byte[] dictionary, byte[] data, int length, boolean last) {
        boolean store = level != Deflater.NO_COMPRESSION && incompressible(data, length);
        Deflater deflater = new Deflater(store ? Deflater.NO_COMPRESSION : level, true);
        try {
            if (dictionary != null && !store) {
                deflater.setDictionary(dictionary, dictionary.length - DICTIONARY_SIZE, DICTIONARY_SIZE);
            }
            deflater.setInput(data, 0, length);
            if (last) {
                deflater.finish();
            }
            // Enough for incompressible data (stored blocks cost 5 bytes per 64 KiB), so one call does.
            byte[] buf = new byte[length + length / 8 + 64];
            int n = 0;
            while (true) {
                int space = buf.length - n;
                int written = deflater.deflate(buf, n, space, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                n += written;
                // A sync flush is complete when it leaves output space unused.
                if (last ? deflater.finished() : written < space) {
                    return new Deflated(buf, n);
                }
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
        } finally {
            deflater.end();
        }
    }

    /**
     * Whether no probed slice of {@code data[0, length)} shrinks by 1/64 at level 1. Blocks too
     * short for one slice are never called incompressible (they are cheap to deflate anyway).
     * Slices are taken at equal strides from the start, so they cover the block's parts evenly.
     */
    static boolean incompressible(byte[] data, int length) {
        int samples = Math.min(SAMPLES, length / SAMPLE_SIZE);
        if (samples == 0) {
            return false;
        }
        int stride = length / samples;
        byte[] out = new byte[SAMPLE_SIZE + SAMPLE_SIZE / 8 + 64];
        Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
        try {
            for (int i = 0; i < samples; i++) {
                probe.reset();
                probe.setInput(data, i * stride, SAMPLE_SIZE);
                probe.finish();
                int n = 0;
                while (!probe.finished() && n < out.length) {
                    n += probe.deflate(out, n, out.length - n);
                }
                if (n <= SAMPLE_SIZE - SAMPLE_SIZE / MIN_SAVING_DIVISOR) {
                    return false;
                }
            }
            return true;
        } finally {
            probe.end();
        }
    }
}
