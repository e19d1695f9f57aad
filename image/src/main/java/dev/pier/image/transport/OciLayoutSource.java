package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Reads an image or index named by {@code ref.name} (or the only one) from an OCI image layout. */
public final class OciLayoutSource implements ImageSource {
    private final OciLayout layout;
    private final Optional<String> refName;
    private final String description;

    public OciLayoutSource(OciLayout layout, Optional<String> refName, String description) {
        this.layout = layout;
        this.refName = refName;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    /** The index.json entry this source points at. */
    public Descriptor topDescriptor() {
        return IndexEntries.select(layout.index().manifests(), refName, description);
    }

    @Override
    public RawManifest manifest() throws IOException {
        return manifest(topDescriptor());
    }

    @Override
    public RawManifest manifest(Descriptor d) throws IOException {
        if (!MediaType.isManifest(d.mediaType())) {
            throw new PierException(description + ": " + d.digest() + " has media type " + d.mediaType() + ", not a manifest");
        }
        byte[] bytes = layout.blobs().readVerified(d, Json.MAX_DOCUMENT_BYTES);
        return new RawManifest(bytes, d.mediaType(), d.digest());
    }

    @Override
    public Optional<java.nio.file.Path> blobFile(Descriptor d) {
        java.nio.file.Path p = layout.blobs().path(d.digest());
        return java.nio.file.Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public InputStream rawBlob(Descriptor d) throws IOException {
        return layout.blobs().open(d.digest());
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        return layout.blobs().openVerified(d);
    }

    @Override
    public List<String> repoTags() {
        return IndexEntries.namesOf(layout.index().manifests(), topDescriptor());
    }

    public OciLayout layout() {
        return layout;
    }
}
