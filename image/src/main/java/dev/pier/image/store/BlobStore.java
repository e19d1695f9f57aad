package dev.pier.image.store;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.digest.DigestingOutputStream;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.io.BufferReadable;
import dev.pier.image.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed blobs under {@code blobs/<algorithm>/<encoded>}, as in an OCI image layout.
 * A blob becomes visible only once its bytes have been hashed and counted while streaming, matched
 * against what was promised, flushed, and renamed into place. Concurrent writers of one blob are
 * safe: each writes its own temporary file and the rename of identical content is idempotent.
 */
public final class BlobStore {
    private final Path blobsDir;

    public BlobStore(Path blobsDir) {
        this.blobsDir = blobsDir;
    }

    public Path root() {
        return blobsDir;
    }

    /** Where the blob lives (whether or not it exists). */
    public Path path(Digest digest) {
        return blobsDir.resolve(digest.algorithm().id()).resolve(digest.encoded());
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** True when the blob exists with the descriptor's size. */
    public boolean has(Descriptor d) {
        try {
            return Files.size(path(d.digest())) == d.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens the blob's bytes as stored, unverified. */
    public InputStream open(Digest digest) throws IOException {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    /** Opens the blob so that reading it to the end verifies the descriptor's digest and size. */
    public InputStream openVerified(Descriptor d) throws IOException {
        return new VerifyingInputStream(open(d.digest()), "blob " + d.digest(), d.digest(), d.size());
    }

    /** Reads a small blob (manifest, config) whole, verified, refusing anything over {@code limit} bytes. */
    public byte[] readVerified(Descriptor d, int limit) throws IOException {
        if (d.size() > limit) {
            throw new PierException("blob " + d.digest() + " of " + d.size() + " bytes exceeds the limit of " + limit);
        }
        if (d.size() < 0) {
            throw new PierException("blob " + d.digest() + ": invalid size " + d.size() + " in its descriptor");
        }
        try (InputStream in = openVerified(d)) {
            return in.readAllBytes();
        }
    }

    /**
     * Stores the content, verifying it against {@code expected}'s digest and size before it becomes
     * visible. If the blob already exists the content is still consumed and checked.
     */
    public void put(Descriptor expected, InputStream content) throws IOException {
        Path target = path(expected.digest());
        Files.createDirectories(target.getParent());
        Path tmp = AtomicFile.tempSibling(target);
        try {
            var in = new VerifyingInputStream(content, "blob " + expected.digest(), expected.digest(), expected.size());
            try (in) {
                if (in.readsDirectly()) {
                    AtomicFile.writeChannelSynced(tmp, file -> {
                        try (Writeback writeback = Writeback.of(tmp)) {
                            transfer(in, file, writeback);
                        }
                    });
                } else {
                    AtomicFile.writeSynced(tmp, out -> copy(in, out));
                }
            }
            AtomicFile.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Stores the content of an existing file, by a hard link when the file belongs to this user
     * and lies on the same file system (blobs are immutable, so sharing the inode is sound), by a
     * copy otherwise. Either way the content is verified before it becomes visible: the link is
     * made first under a temporary name, then the linked inode is hashed, then renamed into place.
     * Files of other users are always copied, so no one else can later write into this store.
     */
    public void putFromFile(Descriptor expected, Path source) throws IOException {
        if (!linkable(source)) {
            try (InputStream in = Files.newInputStream(source)) {
                put(expected, in);
            }
            return;
        }
        Path target = path(expected.digest());
        Files.createDirectories(target.getParent());
        Path tmp = AtomicFile.tempSibling(target);
        try {
            try {
                Files.createLink(tmp, source);
            } catch (IOException | UnsupportedOperationException e) {
                try (InputStream in = Files.newInputStream(source)) {
                    put(expected, in); // another file system, or links not allowed
                }
                return;
            }
            try (var in = new VerifyingInputStream(Files.newInputStream(tmp), "blob " + expected.digest(), expected.digest(), expected.size())) {
                copy(in, java.io.OutputStream.nullOutputStream());
            }
            AtomicFile.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean linkable(Path source) {
        try {
            var attrs = Files.readAttributes(source, "unix:uid,isRegularFile", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return Boolean.TRUE.equals(attrs.get("isRegularFile"))
                    && ((Number) attrs.get("uid")).longValue() == dev.pier.image.layer.ProcessIdentity.current().uid();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Copies with a large buffer: fewer, larger reads and writes for multi-megabyte layers. */
    static void copy(InputStream in, java.io.OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
    }

    /**
     * Moves a stream that reads into direct buffers (a download) to the file through one direct
     * buffer, filled before each write: the bytes are read from the socket, hashed and written
     * without a copy into the Java heap ({@link BufferReadable}); their write-back to the disk
     * starts as they go ({@link Writeback}).
     */
    private static void transfer(VerifyingInputStream in, java.nio.channels.FileChannel file, Writeback writeback) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        for (boolean end = false; !end; buffer.clear()) {
            while (buffer.hasRemaining() && !end) {
                end = in.read(buffer) < 0;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            writeback.written(file.position());
        }
    }

    /**
     * Prepares, on a background thread, what storing large blobs needs ({@link Writeback}'s
     * native calls), so that a copy's first blob finds it ready; for a copy that is about to
     * store blobs.
     */
    public static void prepareLargeWrites() {
        Thread.ofPlatform().daemon().name("writeback-bind").start(Writeback::prepare);
    }

    /** Stores bytes whose digest is not known in advance; returns it. */
    public Digest put(InputStream content) throws IOException {
        return write(out -> {
            copy(content, out);
            return null;
        }).digest();
    }

    /** Writes a blob's bytes, once, to the stream it is given; returns what its caller wants to keep. */
    @FunctionalInterface
    public interface Writer<T> {
        T writeTo(DigestingOutputStream out) throws IOException;
    }

    /** A blob {@link #write} stored: its digest and size, and what the writer returned. */
    public record Stored<T>(Digest digest, long size, T result) {}

    /**
     * Stores the bytes {@code writer} writes, in one pass: they are hashed (SHA-256) on their
     * way into a temporary file in the store, which is synced and renamed to the digest the store
     * computed; nothing is read back. The writer may take that digest from the stream
     * ({@link DigestingOutputStream#digest()}) instead of hashing the bytes a second time, as a
     * {@link dev.pier.image.layer.LayerWriter} opened on it does. The writer may close the stream
     * (a compressor closes what it wraps): that only flushes it. If the writer fails nothing
     * becomes visible.
     */
    public <T> Stored<T> write(Writer<T> writer) throws IOException {
        Files.createDirectories(blobsDir.resolve(DigestAlgorithm.SHA256.id()));
        Path tmp = AtomicFile.tempSibling(blobsDir.resolve(DigestAlgorithm.SHA256.id()).resolve("new"));
        try {
            List<Stored<T>> stored = new ArrayList<>(1);
            AtomicFile.writeSynced(tmp, out -> {
                var dout = new DigestingOutputStream(out);
                T result = writer.writeTo(dout);
                dout.flush();
                stored.add(new Stored<>(dout.digest(), dout.count(), result));
            });
            AtomicFile.moveAtomically(tmp, path(stored.getFirst().digest()));
            return stored.getFirst();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Stores bytes already in memory (manifests, configs). */
    public Descriptor put(String mediaType, byte[] bytes) throws IOException {
        Descriptor d = Descriptor.of(mediaType, Digest.sha256(bytes), bytes.length);
        if (!has(d)) {
            put(d, new java.io.ByteArrayInputStream(bytes));
        }
        return d;
    }

    public Optional<Long> size(Digest digest) {
        try {
            return Optional.of(Files.size(path(digest)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(path(digest));
    }

    /** Every stored blob's digest; temporary files and foreign names are skipped. */
    public Stream<Digest> list() {
        if (!Files.isDirectory(blobsDir)) {
            return Stream.empty();
        }
        try (Stream<Path> algs = Files.list(blobsDir)) {
            return algs.toList().stream().flatMap(BlobStore::digestsIn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Digest> digestsIn(Path algDir) {
        try (Stream<Path> files = Files.list(algDir)) {
            String alg = algDir.getFileName().toString();
            return files.map(p -> alg + ":" + p.getFileName())
                    .filter(s -> !s.contains(".tmp-"))
                    .<Digest>mapMulti((s, sink) -> {
                        try {
                            sink.accept(Digest.parse(s));
                        } catch (PierException e) {
                            // not a blob
                        }
                    }).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A blob that a manifest or a user named and the store does not have. */
    public static final class BlobNotFoundException extends PierException {
        private static final long serialVersionUID = 1L;

        public BlobNotFoundException(Digest digest) {
            super("blob " + digest + " not found");
        }
    }
}
