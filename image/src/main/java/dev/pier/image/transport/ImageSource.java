package dev.pier.image.transport;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.RawManifest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where an image or index is read from: one per transport. It hands out manifests exactly as
 * stored and blobs as streams; {@link #image()} and {@link SourcedImage} give the {@link Image}
 * view on top. Streams from {@link #blob} are verified against the descriptor when read to the end.
 */
public interface ImageSource extends Closeable {
    /** How the user named this source, for messages, e.g. {@code oci:/tmp/l:v1}. */
    String describe();

    /** The manifest or index the reference points at. */
    RawManifest manifest() throws IOException;

    /** A manifest of an index, by digest, verified. */
    RawManifest manifest(Descriptor child) throws IOException;

    /** A blob's bytes as stored; reading it to the end verifies digest and size. */
    InputStream blob(Descriptor d) throws IOException;

    /**
     * The blob's bytes as stored, possibly unverified: for callers that verify themselves, such as
     * {@link ImageDestination#putBlob}, so the content is hashed once, not twice.
     */
    default InputStream rawBlob(Descriptor d) throws IOException {
        return blob(d);
    }

    /** The file holding the blob, when the source keeps blobs as plain files (an OCI layout does). */
    default java.util.Optional<java.nio.file.Path> blobFile(Descriptor d) {
        return java.util.Optional.empty();
    }

    /**
     * Whether its blobs come over the network, so that a destination storing them writes large
     * files from a stream (and prepares for it as the copy starts); false for local sources.
     */
    default boolean downloads() {
        return false;
    }

    /**
     * Manifests whose {@code subject} is the given manifest (signatures, SBOMs, attestations), as
     * the distribution spec's referrers API lists them. Sources that cannot tell return none.
     */
    default List<Descriptor> referrers(Descriptor subject) throws IOException {
        return List.of();
    }

    /**
     * The manifest another tag of the same repository (or image layout) names, such as cosign's
     * {@code sha256-<hex>.sig}; empty when there is none, or the source holds no tags of its own.
     * Its blobs are read through this source.
     */
    default java.util.Optional<RawManifest> manifestTagged(String tag) throws IOException {
        return java.util.Optional.empty();
    }

    /** Tags under which the source knows this image ({@code RepoTags} of inspect). */
    default List<String> repoTags() {
        return List.of();
    }

    /** The image the reference points at; {@link #manifest()} must be an image manifest. */
    default Image image() throws IOException {
        return new SourcedImage(this, manifest());
    }

    /**
     * The image the reference points at; when that is an index, its image for {@code platform},
     * as docker and podman pick one.
     */
    default Image image(dev.pier.image.spec.Platform platform) throws IOException {
        RawManifest top = manifest();
        if (!top.isIndex()) {
            return image(top);
        }
        var index = top.asIndex();
        Descriptor chosen = index.forPlatform(platform).orElseThrow(() -> new dev.pier.image.PierException(describe()
                + ": no image for platform " + platform + " in the index (has: " + String.join(", ", index.manifests().stream()
                .map(d -> d.platform() == null ? d.digest().toString() : d.platform().toString()).toList()) + ")"));
        return image(manifest(chosen));
    }

    /** The image of a given manifest of this source. */
    default Image image(RawManifest manifest) {
        return new SourcedImage(this, manifest);
    }

    /** Reads a small verified blob (a config) into memory. */
    default byte[] smallBlob(Descriptor d) throws IOException {
        if (d.size() > Json.MAX_DOCUMENT_BYTES || d.size() < 0) {
            throw new dev.pier.image.PierException(describe() + ": blob " + d.digest() + " of " + d.size() + " bytes is too large for a config");
        }
        try (InputStream in = blob(d)) {
            byte[] bytes = in.readNBytes((int) d.size() + 1);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            if (bytes.length != d.size()) {
                throw dev.pier.image.digest.DigestMismatchException.size("blob " + d.digest(), d.size(), bytes.length);
            }
            Digest actual = Digest.of(d.digest().algorithm(), bytes);
            if (!actual.equals(d.digest())) {
                throw dev.pier.image.digest.DigestMismatchException.digest("blob " + d.digest(), d.digest(), actual);
            }
            return bytes;
        }
    }

    @Override
    default void close() throws IOException {}
}
