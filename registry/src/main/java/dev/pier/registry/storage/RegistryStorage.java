package dev.pier.registry.storage;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a registry keeps its content. Blobs are content-addressed and shared by all repositories;
 * a repository sees a blob or manifest only through its own link to it. Every write is atomic: a
 * reader sees the old state or the new one. Nothing here knows about HTTP, so an object-store
 * backend can implement it as well as {@link FilesystemStorage}.
 */
public interface RegistryStorage extends AutoCloseable {

    // ---- blobs, global and content-addressed ----

    /** The size of the stored blob, if the registry has it (in any repository). */
    Optional<Long> blobSize(Digest digest);

    /** The blob's bytes from {@code offset} on; throws {@link java.nio.file.NoSuchFileException} if absent. */
    InputStream openBlob(Digest digest, long offset) throws IOException;

    /** The blob as a local file, when the backend has one (then it is served without copying through the JVM heap). */
    default Optional<java.nio.file.Path> blobFile(Digest digest) {
        return Optional.empty();
    }

    /** When the blob was last written or linked, for the garbage collector's grace period. */
    Optional<Instant> blobModified(Digest digest);

    /** Every stored blob (manifests included). */
    Stream<Digest> blobs() throws IOException;

    /** Removes a blob from the shared store; only the garbage collector calls this. */
    void deleteBlob(Digest digest) throws IOException;

    // ---- repositories and their blob links ----

    boolean repositoryExists(String repo);

    /** Every repository name, sorted. */
    List<String> repositories() throws IOException;

    boolean isBlobLinked(String repo, Digest digest);

    /** Makes an existing blob visible in {@code repo}. */
    void linkBlob(String repo, Digest digest) throws IOException;

    /** Returns false if the blob was not linked. */
    boolean unlinkBlob(String repo, Digest digest) throws IOException;

    // ---- manifests and tags ----

    /** Stores the manifest's exact bytes and links it into the repository with its media type. */
    void putManifest(String repo, RawManifest manifest) throws IOException;

    Optional<RawManifest> getManifest(String repo, Digest digest) throws IOException;

    /** Every manifest linked in the repository. */
    List<Digest> manifests(String repo) throws IOException;

    /** Unlinks the manifest and removes the tags that point to it; false if it was not linked. */
    boolean deleteManifest(String repo, Digest digest) throws IOException;

    void tag(String repo, String tag, Digest digest) throws IOException;

    Optional<Digest> resolveTag(String repo, String tag) throws IOException;

    boolean untag(String repo, String tag) throws IOException;

    /** The repository's tags in lexical order. */
    List<String> tags(String repo) throws IOException;

    // ---- referrers ----

    void addReferrer(String repo, Digest subject, Descriptor referrer) throws IOException;

    void removeReferrer(String repo, Digest subject, Digest referrer) throws IOException;

    List<Descriptor> referrers(String repo, Digest subject) throws IOException;

    // ---- uploads ----

    /** Starts a new upload session for {@code repo}. */
    Upload startUpload(String repo) throws IOException;

    /** The session, if it exists, belongs to {@code repo} and has not expired. */
    Optional<Upload> upload(String repo, String id) throws IOException;

    /** Removes sessions started before {@code cutoff}; returns how many. */
    int expireUploads(Instant cutoff) throws IOException;

    /** Whether the backend can serve (for the health endpoint). */
    default boolean healthy() {
        return true;
    }

    @Override
    default void close() throws IOException {}
}
