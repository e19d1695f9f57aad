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

    /** Scans the manifests index.json lists for those whose subject is {@code subject}. */
    @Override
    public List<Descriptor> referrers(Descriptor subject) throws IOException {
        List<Descriptor> out = new java.util.ArrayList<>();
        for (Descriptor d : layout.index().manifests()) {
            if (!MediaType.isImageManifest(d.mediaType()) || d.digest().equals(subject.digest())) {
                continue;
            }
            var m = manifest(d).asManifest();
            if (m.subject() != null && m.subject().digest().equals(subject.digest())) {
                var a = new java.util.TreeMap<>(d.annotations());
                a.remove(Descriptor.REF_NAME);
                out.add(new Descriptor(d.mediaType(), d.digest(), d.size(), null, m.annotations(), null,
                        m.artifactType() != null ? m.artifactType() : m.config().mediaType(), null));
            }
        }
        return out;
    }

    @Override
    public Optional<RawManifest> manifestTagged(String tag) throws IOException {
        Optional<Descriptor> d = layout.find(tag);
        return d.isEmpty() ? Optional.empty() : Optional.of(manifest(d.get()));
    }

    @Override
    public List<String> repoTags() {
        return IndexEntries.namesOf(layout.index().manifests(), topDescriptor());
    }

    public OciLayout layout() {
        return layout;
    }
}
