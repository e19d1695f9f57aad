package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory path hands out only verified tars, and steps aside for anything unusual. */
class InMemoryGunzipTest {
    private static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir
    Path dir;

    private final byte[] tar = content(300_000);

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        Random random = new Random(5);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a' + i % 7);   // compressible, not trivial
        }
        return b;
    }

    private static byte[] gzip(byte[]... members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : members) {
            try (GZIPOutputStream gz = new GZIPOutputStream(out) {
                @Override
                public void close() throws IOException {
                    finish();   // keep `out` open for the next member
                }
            }) {
                gz.write(m);
            }
        }
        return out.toByteArray();
    }

    private Optional<InputStream> open(byte[] blob, Digest diffId) throws IOException {
        Path file = Files.write(dir.resolve("blob"), blob);
        return InMemoryGunzip.open(file, Descriptor.of(GZIP_LAYER, Digest.sha256(blob), blob.length), diffId);
    }

    @Test
    void libdeflateIsUsedOnThisMachine() {
        // .ci/run installs libdeflate0; without it layers are inflated by the JDK, slower but the same
        assertThat(LibDeflate.get()).isPresent();
    }

    @Test
    void aVerifiedTar() throws IOException {
        Optional<InputStream> in = open(gzip(tar), Digest.sha256(tar));
        assertThat(in).isPresent();
        try (InputStream s = in.get()) {
            assertThat(s.readAllBytes()).isEqualTo(tar);
            assertThat(s.read()).isEqualTo(-1);
        }
    }

    @Test
    void aLayerPierCompressedInManyBlocksIsOneMemberLibdeflateReads() throws IOException {
        byte[] big = content(5 * ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE + 12345);
        byte[] blob = CompressionTest.compress(Compression.GZIP, big);
        Optional<InputStream> in = open(blob, Digest.sha256(big));
        assertThat(in).as("taken by the in-memory path, which takes single-member gzip only").isPresent();
        try (InputStream s = in.get()) {
            assertThat(s.readAllBytes()).isEqualTo(big);
        }
    }

    @Test
    void aLayerWithStoredAndDeflatedBlocksIsReadInMemoryAndStreamed() throws IOException {
        int block = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        parts.write(ParallelGzipOutputStreamTest.random(3 * block + 5, 11));   // stored blocks
        parts.write(ParallelGzipOutputStreamTest.compressible(2 * block, 12));   // deflated ones
        parts.write(ParallelGzipOutputStreamTest.mixed(4 * block + 777, 13));
        byte[] mixed = parts.toByteArray();
        byte[] blob = CompressionTest.compress(Compression.GZIP, mixed);
        Optional<InputStream> in = open(blob, Digest.sha256(mixed));
        assertThat(in).as("taken by the in-memory path").isPresent();
        try (InputStream s = in.get()) {
            assertThat(s.readAllBytes()).isEqualTo(mixed);
        }
        try (InputStream s = Compression.GZIP.decompress(new java.io.ByteArrayInputStream(blob))) {
            assertThat(s.readAllBytes()).isEqualTo(mixed);
        }
    }

    @Test
    void aWrongDiffIdOrBlobDigestIsLeftToTheStreamingPath() throws IOException {
        assertThat(open(gzip(tar), Digest.sha256(new byte[] {1}))).isEmpty();
        byte[] blob = gzip(tar);
        Path file = Files.write(dir.resolve("other"), blob);
        assertThat(InMemoryGunzip.open(file, Descriptor.of(GZIP_LAYER, Digest.sha256(new byte[] {2}), blob.length), Digest.sha256(tar)))
                .isEmpty();
        assertThat(InMemoryGunzip.open(file, Descriptor.of(GZIP_LAYER, Digest.sha256(blob), blob.length + 1), Digest.sha256(tar)))
                .isEmpty();
    }

    @Test
    void severalMembersCorruptDataAndOtherFormatsAreLeftToTheStreamingPath() throws IOException {
        byte[] half = java.util.Arrays.copyOf(tar, tar.length / 2);
        byte[] rest = java.util.Arrays.copyOfRange(tar, tar.length / 2, tar.length);
        assertThat(open(gzip(half, rest), Digest.sha256(tar))).isEmpty();
        byte[] corrupt = gzip(tar);
        corrupt[corrupt.length / 2] ^= 0x55;
        assertThat(open(corrupt, Digest.sha256(tar))).isEmpty();
        assertThat(open(tar, Digest.sha256(tar))).isEmpty();   // not gzip at all
    }
}
