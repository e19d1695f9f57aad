package dev.pier.registry.storage;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import dev.pier.image.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The upload sessions of a {@link FilesystemStorage}: {@code uploads/<id>/data} and
 * {@code uploads/<id>/info}. A session survives a restart (its hash is then recomputed at
 * commit); a committed blob is verified, flushed and renamed into the blob store, then linked
 * into its repository through {@code linker}.
 */
final class FilesystemUploads {
    private static final Pattern UPLOAD_ID = Pattern.compile("[a-f0-9-]{36}");
    private static final int BUFFER = 256 * 1024;

    /** Links a committed blob into a repository. */
    @FunctionalInterface
    interface Linker {
        void link(String repo, Digest digest) throws IOException;
    }

    private final Path uploads;
    private final BlobStore blobs;
    private final Duration uploadExpiry;
    private final Linker linker;
    private final Map<String, UploadState> states = new ConcurrentHashMap<>();

    FilesystemUploads(Path uploads, BlobStore blobs, Duration uploadExpiry, Linker linker) {
        this.uploads = uploads;
        this.blobs = blobs;
        this.uploadExpiry = uploadExpiry;
        this.linker = linker;
    }

    /** In-memory state of a session: a lock, and the running hash while chunks arrive in order. */
    private static final class UploadState {
        final ReentrantLock lock = new ReentrantLock();
        MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
        long hashed;
        boolean valid;
    }

    record UploadInfo(String repository, long started) {}

    Upload startUpload(String repo) throws IOException {
        String id = UUID.randomUUID().toString();
        Path dir = uploads.resolve(id);
        Files.createDirectories(dir);
        Files.createFile(dir.resolve("data"));
        Instant now = Instant.now();
        AtomicFile.write(dir.resolve("info"), Json.write(new UploadInfo(repo, now.toEpochMilli())));
        UploadState st = new UploadState();
        st.valid = true;
        states.put(id, st);
        return new FsUpload(id, repo, now, dir);
    }

    Optional<Upload> upload(String repo, String id) throws IOException {
        if (!UPLOAD_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path dir = uploads.resolve(id);
        UploadInfo info;
        try {
            info = Json.read(Files.readAllBytes(dir.resolve("info")), UploadInfo.class, "upload " + id);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Instant started = Instant.ofEpochMilli(info.started());
        if (!info.repository().equals(repo) || started.plus(uploadExpiry).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new FsUpload(id, repo, started, dir));
    }

    int expireUploads(Instant cutoff) throws IOException {
        int n = 0;
        try (Stream<Path> dirs = Files.list(uploads)) {
            for (Path dir : dirs.toList()) {
                Instant started;
                try {
                    started = Instant.ofEpochMilli(Json.read(Files.readAllBytes(dir.resolve("info")), UploadInfo.class, "upload").started());
                } catch (IOException | PierException e) {
                    started = Files.getLastModifiedTime(dir).toInstant(); // a session torn by a crash
                }
                if (started.isBefore(cutoff)) {
                    deleteTree(dir);
                    states.remove(dir.getFileName().toString());
                    n++;
                }
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        try {
            dev.pier.image.io.FileTrees.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            // raced with a writer; the next expiry takes it
        }
    }

    private final class FsUpload implements Upload {
        private final String id;
        private final String repo;
        private final Instant started;
        private final Path dir;

        FsUpload(String id, String repo, Instant started, Path dir) {
            this.id = id;
            this.repo = repo;
            this.started = started;
            this.dir = dir;
        }

        private UploadState state() {
            return states.computeIfAbsent(id, k -> new UploadState()); // after a restart: not valid, rehash at commit
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String repository() {
            return repo;
        }

        @Override
        public Instant started() {
            return started;
        }

        @Override
        public long size() throws IOException {
            try {
                return Files.size(dir.resolve("data"));
            } catch (NoSuchFileException e) {
                throw new UploadUnknownException(id);
            }
        }

        @Override
        public long append(InputStream content, long limit) throws IOException {
            UploadState st = state();
            st.lock.lock();
            try (FileChannel ch = FileChannel.open(dir.resolve("data"), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                long start = ch.size();
                boolean hashing = st.valid && st.hashed == start;
                byte[] buf = new byte[BUFFER];
                long total = 0;
                try {
                    for (int n; (n = content.read(buf)) >= 0; ) {
                        total += n;
                        if (total > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                        while (bb.hasRemaining()) {
                            ch.write(bb);
                        }
                        if (hashing) {
                            st.md.update(buf, 0, n);
                        }
                    }
                } finally {
                    if (hashing) {
                        st.hashed = start + total;
                    } else {
                        st.valid = false;
                    }
                    ch.force(false);
                }
                return ch.size();
            } catch (NoSuchFileException e) {
                throw new UploadUnknownException(id);
            } finally {
                st.lock.unlock();
            }
        }

        @Override
        public void commit(Digest expected) throws IOException {
            UploadState st = state();
            st.lock.lock();
            try {
                Path data = dir.resolve("data");
                if (!Files.exists(data)) {
                    throw new UploadUnknownException(id);
                }
                long size = Files.size(data);
                Digest actual;
                if (st.valid && st.hashed == size && expected.algorithm() == DigestAlgorithm.SHA256) {
                    actual = Digest.fromHash(DigestAlgorithm.SHA256, ((MessageDigest) cloneDigest(st.md)).digest());
                } else {
                    try (InputStream in = Files.newInputStream(data)) {
                        actual = Digest.of(expected.algorithm(), in);
                    }
                }
                if (!actual.equals(expected)) {
                    throw DigestMismatchException.digest("upload " + id, expected, actual);
                }
                Path target = blobs.path(expected);
                if (!Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                    AtomicFile.moveAtomically(data, target);
                    AtomicFile.syncDirectory(target.getParent());
                }
                linker.link(repo, expected);
                deleteTree(dir);
                states.remove(id);
            } finally {
                st.lock.unlock();
            }
        }

        private static Object cloneDigest(MessageDigest md) {
            try {
                return md.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void cancel() throws IOException {
            UploadState st = state();
            st.lock.lock();
            try {
                deleteTree(dir);
                states.remove(id);
            } finally {
                st.lock.unlock();
            }
        }
    }
}
