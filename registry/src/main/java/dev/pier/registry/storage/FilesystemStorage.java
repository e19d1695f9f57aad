package dev.pier.registry.storage;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.AtomicFile;
import dev.pier.image.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link RegistryStorage} in a directory:
 * <pre>
 * blobs/&lt;alg&gt;/&lt;hex&gt;                                   content, shared by all repositories
 * repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;                 blob links (empty files)
 * repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;    manifest links (content: the media type)
 * repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;                tags (content: the digest)
 * repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;-&lt;hex&gt;   referrer descriptors (JSON)
 * uploads/&lt;id&gt;, uploads/&lt;id&gt;.json                     upload sessions
 * </pre>
 * Repository path components cannot start with {@code _} (the name grammar forbids it), so the
 * bookkeeping directories never clash with nested repository names. Files are written to a
 * temporary sibling, flushed and renamed; blobs are verified before the rename. Directories are
 * flushed when a manifest is written, so everything a manifest refers to outlives a crash with it.
 */
public final class FilesystemStorage implements RegistryStorage {

    private final Path root;
    private final BlobStore blobs;
    private final Path repositories;
    private final Path uploads;
    private final FilesystemUploads sessions;
    private final FilesystemReferrers referrers = new FilesystemReferrers();

    public FilesystemStorage(Path root, Duration uploadExpiry) throws IOException {
        this.root = root;
        this.blobs = new BlobStore(root.resolve("blobs"));
        this.repositories = root.resolve("repositories");
        this.uploads = root.resolve("uploads");
        this.sessions = new FilesystemUploads(uploads, blobs, uploadExpiry, this::linkBlob);
        Files.createDirectories(root.resolve("blobs").resolve(DigestAlgorithm.SHA256.id()));
        Files.createDirectories(repositories);
        Files.createDirectories(uploads);
    }

    public Path root() {
        return root;
    }

    @Override
    public boolean healthy() {
        return Files.isDirectory(repositories) && Files.isWritable(uploads);
    }

    // ---- blobs ----

    @Override
    public Optional<Long> blobSize(Digest digest) {
        return blobs.size(digest);
    }

    @Override
    public InputStream openBlob(Digest digest, long offset) throws IOException {
        FileChannel ch = FileChannel.open(blobs.path(digest), StandardOpenOption.READ);
        if (offset > 0) {
            ch.position(offset);
        }
        return Channels.newInputStream(ch);
    }

    @Override
    public Optional<Path> blobFile(Digest digest) {
        return Optional.of(blobs.path(digest));
    }

    @Override
    public Optional<Instant> blobModified(Digest digest) {
        try {
            return Optional.of(Files.getLastModifiedTime(blobs.path(digest)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Stream<Digest> blobs() {
        return blobs.list();
    }

    @Override
    public void deleteBlob(Digest digest) throws IOException {
        blobs.delete(digest);
    }

    // ---- repositories ----

    private Path repo(String name) {
        return repositories.resolve(name);
    }

    private Path layerLink(String repo, Digest d) {
        return repo(repo).resolve("_layers").resolve(d.algorithm().id()).resolve(d.encoded());
    }

    private Path revision(String repo, Digest d) {
        return repo(repo).resolve("_manifests/revisions").resolve(d.algorithm().id()).resolve(d.encoded());
    }

    @Override
    public boolean repositoryExists(String repo) {
        Path r = repo(repo);
        return Files.isDirectory(r.resolve("_manifests")) || Files.isDirectory(r.resolve("_layers"));
    }

    @Override
    public List<String> repositories() throws IOException {
        return FilesystemListing.repositories(repositories);
    }

    @Override
    public boolean isBlobLinked(String repo, Digest digest) {
        return Files.exists(layerLink(repo, digest)) && blobs.has(digest);
    }

    @Override
    public void linkBlob(String repo, Digest digest) throws IOException {
        Path link = layerLink(repo, digest);
        touch(blobs.path(digest));
        if (Files.exists(link)) {
            return;
        }
        Directories.ensure(link.getParent());
        try {
            Files.createFile(link);
        } catch (FileAlreadyExistsException e) {
            // linked concurrently
        }
        // Not synced here: putManifest syncs the links directory (syncEntries).
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // only the GC grace period depends on it
        }
    }

    @Override
    public boolean unlinkBlob(String repo, Digest digest) throws IOException {
        return Files.deleteIfExists(layerLink(repo, digest));
    }

    // ---- manifests and tags ----

    @Override
    public void putManifest(String repo, RawManifest manifest) throws IOException {
        Descriptor d = manifest.descriptor();
        if (!blobs.has(d)) {
            blobs.put(d, new java.io.ByteArrayInputStream(manifest.bytes()));
        } else {
            touch(blobs.path(d.digest()));
        }
        syncEntries(root.resolve("blobs"));
        syncEntries(repo(repo).resolve("_layers"));
        Path rev = revision(repo, manifest.digest());
        Directories.ensure(rev.getParent());
        AtomicFile.write(rev, manifest.mediaType().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Flushes the directories under {@code dir} ({@code blobs/<alg>}, {@code _layers/<alg>}): the
     * blobs committed and linked since the last manifest become durable before a manifest can
     * refer to them, with one flush per manifest instead of two per blob.
     */
    private static void syncEntries(Path dir) throws IOException {
        try (Stream<Path> algorithms = Files.list(dir)) {
            algorithms.forEach(AtomicFile::syncDirectory);
        } catch (NoSuchFileException e) {
            // nothing linked yet: a manifest without blobs (an index, say)
        }
    }

    @Override
    public Optional<RawManifest> getManifest(String repo, Digest digest) throws IOException {
        String mediaType;
        try {
            mediaType = Files.readString(revision(repo, digest), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = blobs.open(digest)) {
            bytes = in.readNBytes(Json.MAX_DOCUMENT_BYTES * 4 + 1);
        } catch (BlobStore.BlobNotFoundException e) {
            return Optional.empty();
        }
        RawManifest m = new RawManifest(bytes, mediaType, Digest.of(digest.algorithm(), bytes));
        if (!m.digest().equals(digest)) {
            throw new IOException("stored manifest " + digest + " is corrupt: it hashes to " + m.digest());
        }
        return Optional.of(m);
    }

    @Override
    public List<Digest> manifests(String repo) throws IOException {
        return FilesystemListing.digestsUnder(repo(repo).resolve("_manifests/revisions"));
    }


    /** Blobs linked into the repository. */
    public List<Digest> layers(String repo) throws IOException {
        return FilesystemListing.digestsUnder(repo(repo).resolve("_layers"));
    }

    @Override
    public boolean deleteManifest(String repo, Digest digest) throws IOException {
        boolean existed = Files.deleteIfExists(revision(repo, digest));
        for (String tag : tags(repo)) {
            if (resolveTag(repo, tag).filter(digest::equals).isPresent()) {
                untag(repo, tag);
            }
        }
        return existed;
    }

    @Override
    public void tag(String repo, String tag, Digest digest) throws IOException {
        FilesystemTags.tag(repo(repo), tag, digest);
    }

    @Override
    public Optional<Digest> resolveTag(String repo, String tag) throws IOException {
        return FilesystemTags.resolve(repo(repo), tag);
    }

    @Override
    public boolean untag(String repo, String tag) throws IOException {
        return FilesystemTags.untag(repo(repo), tag);
    }

    @Override
    public List<String> tags(String repo) throws IOException {
        return FilesystemTags.list(repo(repo));
    }

    // ---- referrers ----

    @Override
    public void addReferrer(String repo, Digest subject, Descriptor referrer) throws IOException {
        referrers.add(repo(repo), subject, referrer);
    }

    @Override
    public void removeReferrer(String repo, Digest subject, Digest referrer) throws IOException {
        referrers.remove(repo(repo), subject, referrer);
    }

    @Override
    public List<Descriptor> referrers(String repo, Digest subject) throws IOException {
        return referrers.list(repo(repo), subject, d -> Files.exists(revision(repo, d)));
    }

    // ---- uploads ----

    @Override
    public Upload startUpload(String repo) throws IOException {
        return sessions.startUpload(repo);
    }

    @Override
    public Optional<Upload> upload(String repo, String id) throws IOException {
        return sessions.upload(repo, id);
    }

    @Override
    public int expireUploads(Instant cutoff) throws IOException {
        return sessions.expireUploads(cutoff);
    }
}
