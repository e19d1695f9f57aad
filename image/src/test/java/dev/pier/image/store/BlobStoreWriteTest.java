package dev.pier.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link BlobStore#write}: one pass, the store's own digest, nothing visible after a failure. */
class BlobStoreWriteTest {
    @TempDir
    Path dir;

    private BlobStore store() {
        return new BlobStore(dir.resolve("blobs"));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static WrittenLayer layer(LayerWriter w, byte[] content) throws IOException {
        w.addDirectory("opt", EntryAttributes.of(0755));
        w.addFile("opt/data.bin", EntryAttributes.of(0644), content.length, new ByteArrayInputStream(content));
        return w.finish();
    }

    private Stream<Path> files() throws IOException {
        return Files.walk(dir.resolve("blobs")).filter(Files::isRegularFile);
    }

    @Test
    void storesTheBytesUnderTheDigestItComputed() throws IOException {
        byte[] content = bytes(3 << 20, 1);
        BlobStore.Stored<String> stored = store().write(out -> {
            out.write(content, 0, 1000);
            out.write(content, 1000, content.length - 1000);
            return "kept";
        });
        assertThat(stored.digest()).isEqualTo(Digest.sha256(content));
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.result()).isEqualTo("kept");
        assertThat(store().path(stored.digest())).hasBinaryContent(content);
        try (Stream<Path> all = files()) {
            assertThat(all).as("no temporary file left").containsExactly(store().path(stored.digest()));
        }
        assertThat(store().put(new ByteArrayInputStream(content))).as("put(InputStream) is the same write").isEqualTo(stored.digest());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aLayerWriterOnTheStoresStreamHashesTheBlobOnce(Compression c) throws IOException {
        byte[] content = bytes(700_000, 2);
        LayerOptions options = LayerOptions.reproducible(Instant.EPOCH);
        BlobStore.Stored<WrittenLayer> stored = store().write(out -> {
            try (LayerWriter w = LayerWriter.open(out, c, options)) {
                return layer(w, content);
            }
        });
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        WrittenLayer expected;
        try (LayerWriter w = LayerWriter.open((java.io.OutputStream) plain, c, options)) {
            expected = layer(w, content);
        }
        assertThat(stored.result()).isEqualTo(expected);
        assertThat(stored.digest()).isEqualTo(expected.digest()).isEqualTo(Digest.sha256(plain.toByteArray()));
        assertThat(stored.size()).isEqualTo(expected.size());
        assertThat(store().path(stored.digest())).hasBinaryContent(plain.toByteArray());
        try (InputStream in = store().openVerified(expected.descriptor())) {
            assertThat(in.readAllBytes()).isEqualTo(plain.toByteArray());
        }
    }

    @Test
    void aFailingWriterLeavesNothing() throws IOException {
        assertThatThrownBy(() -> store().write(out -> {
            out.write(bytes(100_000, 3));
            throw new IOException("source vanished");
        })).isInstanceOf(IOException.class).hasMessage("source vanished");
        try (Stream<Path> all = files()) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void writingAfterTheDigestWasTakenFails() {
        assertThatThrownBy(() -> store().write(out -> {
            out.write(1);
            out.digest();
            out.write(2);
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("after its digest");
    }
}
