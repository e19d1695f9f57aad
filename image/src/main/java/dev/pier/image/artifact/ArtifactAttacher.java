package dev.pier.image.artifact;

import dev.pier.image.PierException;
import dev.pier.image.ref.Reference;
import dev.pier.image.store.StoredImage;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageLocation.OciLayoutLocation;
import dev.pier.image.transport.ImageLocation.RegistryLocation;
import dev.pier.image.transport.ImageLocation.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Writes artifacts beside an image: as referrers of it (its {@code subject}), which the
 * distribution spec's referrers API lists, or under a tag of the image's repository or layout.
 * Images in the local store, OCI layouts and registries can take them; archives and {@code dir:}
 * cannot.
 */
public final class ArtifactAttacher {
    private ArtifactAttacher() {}

    /**
     * Stores {@code artifact}, whose manifest has a {@code subject}, where the image at
     * {@code location} is: in a layout or the store as an unnamed index.json entry; in a registry
     * pushed by digest, and added to the referrers fallback tag {@code sha256-<hex>} when the
     * registry does not index subjects itself. Blobs are verified as they are written.
     */
    public static void attach(ImageLocation location, Artifact artifact) throws IOException {
        if (artifact.manifest().asManifest().subject() == null) {
            throw new IllegalArgumentException("a referrer needs a subject");
        }
        ImageLocation target = switch (location) {
            case StoreLocation s -> new StoreLocation(s.store(),
                    s.store().find(s.nameOrId()).map(StoredImage::name).orElse(s.nameOrId()));
            case OciLayoutLocation l -> l;
            case RegistryLocation r -> r;
            default -> throw unsupported(location);
        };
        try (ImageDestination dest = target.openDestination()) {
            putBlobs(dest, artifact);
            dest.putReferrer(artifact.manifest());
            dest.commit();
        }
    }

    /** Stores {@code artifact} under {@code tag} of the registry repository or OCI layout at {@code location}. */
    public static void tag(ImageLocation location, String tag, Artifact artifact) throws IOException {
        ImageLocation target = switch (location) {
            case OciLayoutLocation l -> new OciLayoutLocation(l.dir(), Optional.of(tag));
            case RegistryLocation r -> new RegistryLocation(
                    new Reference(r.reference().domain(), r.reference().path(), Optional.of(tag), Optional.empty()), r.options());
            default -> throw new PierException(location + ": tags beside the image are only written to OCI layouts and registries");
        };
        try (ImageDestination dest = target.openDestination()) {
            putBlobs(dest, artifact);
            dest.putManifest(artifact.manifest(), true);
            dest.commit();
        }
    }

    private static void putBlobs(ImageDestination dest, Artifact artifact) throws IOException {
        for (Artifact.Blob b : artifact.blobs()) {
            if (!dest.hasBlob(b.descriptor())) {
                dest.putBlob(b.descriptor(), new ByteArrayInputStream(b.bytes()));
            }
        }
    }

    private static PierException unsupported(ImageLocation location) {
        return new PierException(location + ": signatures and SBOMs can only be attached to images in the local store,"
                + " an OCI layout (oci:) or a registry (docker://)");
    }
}
