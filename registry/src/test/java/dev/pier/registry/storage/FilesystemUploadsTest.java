package dev.pier.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.digest.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload sessions on a real directory: the files a session leaves, restarts, expiry of torn and older sessions. */
class FilesystemUploadsTest {
    @TempDir
    Path root;

    private FilesystemStorage storage() throws Exception {
        return new FilesystemStorage(root, Duration.ofHours(1));
    }

    @Test
    void aCommittedSessionLeavesOnlyTheBlobAndItsLink() throws Exception {
        FilesystemStorage storage = storage();
        byte[] bytes = "layer bytes".getBytes();
        Upload upload = storage.startUpload("team/app");
        assertThat(upload.append(new ByteArrayInputStream(bytes), 1 << 20)).isEqualTo(bytes.length);
        assertThatThrownBy(() -> upload.commit(Digest.of(DigestAlgorithm.SHA256, "other".getBytes())))
                .isInstanceOf(DigestMismatchException.class);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, bytes);
        upload.commit(digest); // a failed commit leaves the session for a retry
        assertThat(storage.isBlobLinked("team/app", digest)).isTrue();
        assertThat(Files.readAllBytes(storage.blobFile(digest).orElseThrow())).isEqualTo(bytes);
        try (var left = Files.list(root.resolve("uploads"))) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(storage.upload("team/app", upload.id())).isEmpty();
    }

    @Test
    void aSessionContinuesInTheNextProcessAndIsRehashedThere() throws Exception {
        Upload first = storage().startUpload("team/app");
        first.append(new ByteArrayInputStream("half ".getBytes()), 100);
        FilesystemStorage restarted = storage();
        Upload again = restarted.upload("team/app", first.id()).orElseThrow();
        assertThat(restarted.upload("team/other", first.id())).as("another repository's session").isEmpty();
        assertThat(again.size()).isEqualTo(5);
        again.append(new ByteArrayInputStream("and half".getBytes()), 100);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, "half and half".getBytes());
        again.commit(digest);
        assertThat(restarted.isBlobLinked("team/app", digest)).isTrue();
    }

    @Test
    void expiryRemovesOldSessionsTornOnesAndOlderVersionsDirectories() throws Exception {
        FilesystemStorage storage = storage();
        Upload live = storage.startUpload("team/app");
        Path uploads = root.resolve("uploads");
        Path torn = Files.write(uploads.resolve(UUID.randomUUID().toString()), "no info file".getBytes());
        Path older = Files.createDirectories(uploads.resolve(UUID.randomUUID().toString()));
        Files.write(older.resolve("data"), "x".getBytes());
        Files.write(older.resolve("info"), "{}".getBytes());
        assertThat(storage.expireUploads(Instant.now().minusSeconds(60))).isZero();
        assertThat(storage.expireUploads(Instant.now().plusSeconds(60))).isEqualTo(3);
        try (var left = Files.list(uploads)) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(storage.upload("team/app", live.id())).isEmpty();
        assertThat(torn).doesNotExist();
    }
}
