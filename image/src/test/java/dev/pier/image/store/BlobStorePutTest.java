package dev.pier.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.image.io.BufferReadable;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlobStore#put(Descriptor, java.io.InputStream)} of a stream that reads into buffers (a
 * download): through a direct buffer, verified the same as a plain stream, nothing visible after a
 * mismatch.
 */
class BlobStorePutTest {
    @TempDir
    Path dir;

    /** Bytes in memory handed out into buffers, at most 100,000 at a time, as a socket would. */
    private static final class BufferStream extends ByteArrayInputStream implements BufferReadable {
        int bufferReads;

        BufferStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int read(ByteBuffer dst) {
            bufferReads++;
            if (available() == 0) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), available()), 100_000);
            dst.put(buf, pos, n);
            pos += n;
            return n;
        }
    }

    private BlobStore store() {
        return new BlobStore(dir.resolve("blobs"));
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(11).nextBytes(b);
        return b;
    }

    private Stream<Path> files() throws IOException {
        return Files.isDirectory(dir.resolve("blobs")) ? Files.walk(dir.resolve("blobs")).filter(Files::isRegularFile) : Stream.empty();
    }

    @Test
    void storesADownloadReadIntoBuffers() throws IOException {
        byte[] content = bytes((20 << 20) + 123); // over two write-back steps
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(content), content.length);
        var stream = new BufferStream(content);
        store().put(d, stream);
        assertThat(stream.bufferReads).as("read into buffers, not arrays").isGreaterThan(50);
        assertThat(store().path(d.digest())).hasBinaryContent(content);
        try (Stream<Path> all = files()) {
            assertThat(all).as("no temporary file left").containsExactly(store().path(d.digest()));
        }
    }

    @Test
    void writeBackStartsEarlyOnLinux() throws IOException {
        Path file = Files.write(dir.resolve("file"), bytes(9 << 20));
        try (Writeback writeback = Writeback.of(file)) {
            assertThat(writeback.active()).as("sync_file_range bound (Linux, native access)").isTrue();
            writeback.written(9 << 20);
        }
        assertThat(file).hasBinaryContent(bytes(9 << 20));
    }

    @Test
    void aDownloadOfOtherBytesLeavesNothing() throws IOException {
        byte[] content = bytes(300_000);
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(new byte[] {1}), content.length);
        assertThatThrownBy(() -> store().put(d, new BufferStream(content))).isInstanceOf(DigestMismatchException.class);
        try (Stream<Path> all = files()) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void aDownloadLongerThanPromisedLeavesNothing() throws IOException {
        byte[] content = bytes(300_000);
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(content), content.length - 1);
        assertThatThrownBy(() -> store().put(d, new BufferStream(content))).isInstanceOf(DigestMismatchException.class);
        try (Stream<Path> all = files()) {
            assertThat(all).isEmpty();
        }
    }
}
