package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.spec.MediaType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompressionTest {
    private static byte[] sample() {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        Arrays.fill(data, 1000, 200_000, (byte) 'a');
        return data;
    }

    static byte[] compress(Compression c, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.compress(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripsAndIsDetected(Compression c) throws IOException {
        byte[] data = sample();
        byte[] compressed = compress(c, data);
        try (InputStream in = c.decompress(new ByteArrayInputStream(compressed), "layer t")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        BufferedInputStream buffered = new BufferedInputStream(new ByteArrayInputStream(compressed));
        assertThat(Compression.detect(buffered)).isEqualTo(c);
        assertThat(buffered.readAllBytes()).isEqualTo(compressed); // reset to the start
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void compressionIsDeterministic(Compression c) throws IOException {
        assertThat(compress(c, sample())).isEqualTo(compress(c, sample()));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void concatenatedMembersReadAsOneStream(Compression c) throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(compress(c, "hello ".getBytes()));
        both.write(compress(c, "world".getBytes()));
        try (InputStream in = c.decompress(new ByteArrayInputStream(both.toByteArray()), "layer t")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("hello world");
        }
    }

    @Test
    void levelIsApplied() throws IOException {
        byte[] data = sample();
        ByteArrayOutputStream fast = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(fast, 0)) {
            out.write(data);
        }
        assertThat(fast.size()).isGreaterThan(compress(Compression.GZIP, data).length);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void truncatedDataIsAClearError(Compression c) throws IOException {
        byte[] compressed = compress(c, sample());
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);
        assertThatThrownBy(() -> c.decompress(new ByteArrayInputStream(truncated), "layer sha256:abc").readAllBytes())
                .isInstanceOf(PierException.class)
                .hasMessageStartingWith("layer sha256:abc: corrupt " + c.name().toLowerCase() + " data");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void corruptDataIsAClearError(Compression c) throws IOException {
        byte[] compressed = compress(c, sample());
        for (int i = 20; i < 200; i++) {
            compressed[i] ^= (byte) 0x5a;
        }
        assertThatThrownBy(() -> c.decompress(new ByteArrayInputStream(compressed), "layer x").readAllBytes())
                .isInstanceOf(PierException.class)
                .hasMessageStartingWith("layer x: corrupt " + c.name().toLowerCase() + " data");
    }

    @Test
    void sourceIoErrorsStayIoErrors() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        assertThatThrownBy(() -> Compression.GZIP.decompress(failing, "layer x").read())
                .isInstanceOf(IOException.class).hasMessage("disk on fire");
    }

    @Test
    void detectsFromMagicOnly() {
        assertThat(Compression.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[] {0x1f})))).isEqualTo(Compression.NONE);
        assertThat(Compression.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[0])))).isEqualTo(Compression.NONE);
        assertThatThrownBy(() -> Compression.detect(InputStream.nullInputStream())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mediaTypes() {
        assertThat(Compression.fromMediaType(MediaType.OCI_LAYER)).isEqualTo(Compression.NONE);
        assertThat(Compression.fromMediaType(MediaType.OCI_LAYER_GZIP)).isEqualTo(Compression.GZIP);
        assertThat(Compression.fromMediaType(MediaType.OCI_LAYER_ZSTD)).isEqualTo(Compression.ZSTD);
        assertThat(Compression.fromMediaType(MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP)).isEqualTo(Compression.GZIP);
        assertThat(Compression.fromMediaType(MediaType.DOCKER_LAYER_GZIP)).isEqualTo(Compression.GZIP);
        assertThat(Compression.fromMediaType(MediaType.DOCKER_LAYER_FOREIGN_GZIP)).isEqualTo(Compression.GZIP);
        assertThat(Compression.fromMediaType(MediaType.DOCKER_LAYER_ZSTD)).isEqualTo(Compression.ZSTD);
        assertThatThrownBy(() -> Compression.fromMediaType("application/json")).isInstanceOf(PierException.class)
                .hasMessageContaining("application/json");
        for (Compression c : Compression.values()) {
            assertThat(Compression.fromMediaType(c.ociMediaType())).isEqualTo(c);
        }
    }
}
