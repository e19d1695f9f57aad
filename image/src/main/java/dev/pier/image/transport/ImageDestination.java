package dev.pier.image.transport;

import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where an image or index is written to: one per transport. Blobs come first, then child
 * manifests, then the top-level manifest, then {@link #commit()}; nothing is visible under the
 * destination's name before the commit. Closing without commit discards what was staged.
 */
public interface ImageDestination extends Closeable {
    String describe();

    /**
     * Told the source before a copy starts, so a destination can use it (a registry mounts blobs
     * from another repository of the same registry instead of uploading them).
     */
    default void copyingFrom(ImageSource source) {}

    /** True when the destination already holds this blob, so the copy can skip it. */
    boolean hasBlob(Descriptor d) throws IOException;

    /** Stores a blob; its digest and size are verified before it is kept. */
    void putBlob(Descriptor d, InputStream content) throws IOException;

    /**
     * Stores a blob held in a file of the source; destinations that keep plain files may link it
     * instead of copying. Verified like {@link #putBlob(Descriptor, InputStream)}.
     */
    default void putBlob(Descriptor d, java.nio.file.Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            putBlob(d, in);
        }
    }

    /** Stores a manifest; {@code topLevel} marks the one the destination's name points at. */
    void putManifest(RawManifest manifest, boolean topLevel) throws IOException;

    /**
     * Stores a manifest that refers to another through its {@code subject}, so that readers of
     * the destination find it among the subject's referrers. By default like a child manifest.
     */
    default void putReferrer(RawManifest referrer) throws IOException {
        putManifest(referrer, false);
    }

    /** The layer compression this destination requires, if it requires one (docker-archive: none). */
    default Optional<Compression> requiredLayerCompression() {
        return Optional.empty();
    }

    /** Whether the destination can hold an image index (docker-archive cannot). */
    default boolean acceptsIndex() {
        return true;
    }

    /** Makes what was written visible under the destination's name. */
    void commit() throws IOException;

    @Override
    default void close() throws IOException {}
}
