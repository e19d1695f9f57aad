package dev.pier.registry.storage;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.image.io.FileTrees;
import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import dev.pier.image.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The upload sessions of a {@link FilesystemStorage}: {@code uploads/<id>} holds the bytes received,
 * {@code uploads/<id>.json} the repository and start time. A session survives a restart (its hash
 * is then recomputed at commit). Nothing is flushed before the commit: a session is only worth
 * keeping while its client is alive, and its blob is verified anyway. At commit the bytes are
 * flushed, renamed into the blob store and linked through {@code linker}; the rename and the link
 * are flushed with the repository's next manifest, before it can refer to them.
 */
final class FilesystemUploads {
    private static final Pattern UPLOAD_ID = Pattern.compile("[a-f0-9-]{36}");
    private static final String INFO_SUFFIX = ".json";
    /** Bytes per file write: a 256 KiB layer is four writes, whatever size the request's chunks have. */
    private static final int BUFFER = 64 * 1024;

    /** Links a committed blob into a repository. */
    @FunctionalInterface
    interface Linker {
        void link(String repo, Digest digest) throws IOException;
    }

    private final Path uploads;
    private final BlobStore blobs;
    private final Duration uploadExpiry;
    private final Linker linker;
    private final Map<String, UploadSession> sessions = new ConcurrentHashMap<>();

    FilesystemUploads(Path uploads, BlobStore blobs, Duration uploadExpiry, Linker linker) {
        this.uploads = uploads;
        this.blobs = blobs;
        this.uploadExpiry = uploadExpiry;
        this.linker = linker;
    }

    private Path data(String id) {
        return uploads.resolve(id);
    }

    private Path info(String id) {
        return uploads.resolve(id + INFO_SUFFIX);
    }

    Upload startUpload(String repo) throws IOException {
        String id = UUID.randomUUID().toString();
        UploadSession.Info info = new UploadSession.Info(repo, Instant.now().toEpochMilli());
        Files.createFile(data(id));
        // Not synced: after a crash a torn file only makes the session unknown, and expiry removes it.
        Files.write(info(id), Json.write(info), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        UploadSession session = new UploadSession(info, true);
        sessions.put(id, session);
        return new FsUpload(id, session);
    }

    Optional<Upload> upload(String repo, String id) throws IOException {
        if (!UPLOAD_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        UploadSession session = sessions.get(id);
        if (session == null) {
            Optional<UploadSession.Info> info = readInfo(id);
            if (info.isEmpty()) {
                return Optional.empty();
            }
            session = sessions.computeIfAbsent(id, k -> new UploadSession(info.get(), false));
        }
        Instant started = Instant.ofEpochMilli(session.info.started());
        if (session.ended || !session.info.repository().equals(repo) || started.plus(uploadExpiry).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new FsUpload(id, session));
    }

    private Optional<UploadSession.Info> readInfo(String id) throws IOException {
        try {
            return Optional.of(Json.read(Files.readAllBytes(info(id)), UploadSession.Info.class, "upload " + id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (PierException e) {
            return Optional.empty(); // torn by a crash: the session is gone, expiry removes its files
        }
    }

    /** Removes the sessions (and the files of sessions torn by a crash) older than {@code cutoff}. */
    int expireUploads(Instant cutoff) throws IOException {
        int n = 0;
        try (Stream<Path> entries = Files.list(uploads)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                String id = name.endsWith(INFO_SUFFIX) ? name.substring(0, name.length() - INFO_SUFFIX.length()) : name;
                if (!id.equals(name) || Files.isDirectory(entry) || Files.notExists(info(id))) {
                    if (expire(id, entry, cutoff)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Expires one session, named by its info file, by a data file without one, or by an older version's directory. */
    private boolean expire(String id, Path entry, Instant cutoff) throws IOException {
        Instant started;
        UploadSession session = sessions.get(id);
        if (session != null) {
            started = Instant.ofEpochMilli(session.info.started());
        } else {
            Optional<UploadSession.Info> info = entry.equals(info(id)) ? readInfo(id) : Optional.empty();
            try {
                started = info.isPresent() ? Instant.ofEpochMilli(info.get().started()) : Files.getLastModifiedTime(entry).toInstant();
            } catch (NoSuchFileException e) {
                return false; // committed or cancelled meanwhile
            }
        }
        if (!started.isBefore(cutoff)) {
            return false;
        }
        UploadSession removed = sessions.computeIfAbsent(id, k -> new UploadSession(new UploadSession.Info("", started.toEpochMilli()), false));
        removed.lock.lock();
        try {
            removed.ended = true;
            sessions.remove(id);
            FileTrees.delete(data(id)); // a directory in the layout of older versions
            Files.deleteIfExists(info(id));
        } finally {
            removed.lock.unlock();
        }
        return true;
    }

    private final class FsUpload implements Upload {
        private final String id;
        private final UploadSession session;

        FsUpload(String id, UploadSession session) {
            this.id = id;
            this.session = session;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String repository() {
            return session.info.repository();
        }

        @Override
        public Instant started() {
            return Instant.ofEpochMilli(session.info.started());
        }

        @Override
        public long size() throws IOException {
            try {
                return Files.size(data(id));
            } catch (NoSuchFileException e) {
                throw new UploadUnknownException(id);
            }
        }

        @Override
        public long append(InputStream content, long limit) throws IOException {
            UploadSession st = lock();
            try (FileChannel ch = FileChannel.open(data(id), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                long start = ch.size();
                boolean hashing = st.valid && st.hashed == start;
                byte[] buf = new byte[BUFFER];
                long total = 0;
                try {
                    for (int n; (n = content.readNBytes(buf, 0, buf.length)) > 0; ) {
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
                }
                return ch.size();
            } catch (NoSuchFileException e) {
                throw new UploadUnknownException(id);
            } finally {
                st.lock.unlock();
            }
        }

        /** Takes the session's lock; a session that ended meanwhile is unknown. */
        private UploadSession lock() throws UploadUnknownException {
            session.lock.lock();
            if (session.ended) {
                session.lock.unlock();
                throw new UploadUnknownException(id);
            }
            return session;
        }

        @Override
        public void commit(Digest expected) throws IOException {
            UploadSession st = lock();
            try {
                Path data = data(id);
                long size = size();
                Digest actual;
                if (st.valid && st.hashed == size && expected.algorithm() == DigestAlgorithm.SHA256) {
                    actual = Digest.fromHash(DigestAlgorithm.SHA256, cloneDigest(st.md).digest());
                } else {
                    try (InputStream in = Files.newInputStream(data)) {
                        actual = Digest.of(expected.algorithm(), in);
                    }
                }
                if (!actual.equals(expected)) {
                    throw DigestMismatchException.digest("upload " + id, expected, actual);
                }
                Path target = blobs.path(expected);
                if (Files.exists(target)) {
                    Files.delete(data);
                } else {
                    Directories.ensure(target.getParent());
                    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                        ch.force(false); // the bytes (and the size) on disk before the name says they are there
                    }
                    AtomicFile.moveAtomically(data, target); // its directory is flushed with the next manifest
                }
                linker.link(repository(), expected);
                end();
            } finally {
                st.lock.unlock();
            }
        }

        private static MessageDigest cloneDigest(MessageDigest md) {
            try {
                return (MessageDigest) md.clone();
            } catch (CloneNotSupportedException e) { // SHA-256 digests clone
                throw new IllegalStateException(e);
            }
        }

        /** Forgets the session and removes what is left of its files; the caller holds its lock. */
        private void end() throws IOException {
            session.ended = true;
            sessions.remove(id);
            Files.deleteIfExists(data(id));
            Files.deleteIfExists(info(id));
        }

        @Override
        public void cancel() throws IOException {
            session.lock.lock();
            try {
                if (!session.ended) {
                    end();
                }
            } finally {
                session.lock.unlock();
            }
        }
    }
}
