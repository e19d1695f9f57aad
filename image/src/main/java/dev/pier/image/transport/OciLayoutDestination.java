package dev.pier.image.transport;

import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Writes into an OCI image layout, created if absent. Blobs land content-addressed as they
 * arrive (invisible to readers until referenced); the commit adds the top manifest to index.json
 * under {@code ref.name} (replacing an earlier entry of that name) or unnamed.
 */
public final class OciLayoutDestination implements ImageDestination {
    private final OciLayout layout;
    private final Optional<String> refName;
    private final String description;
    private Descriptor top;
    private final java.util.List<Descriptor> referrers = new java.util.ArrayList<>();

    public OciLayoutDestination(OciLayout layout, Optional<String> refName, String description) {
        this.layout = layout;
        this.refName = refName;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * Every blob this copy stores is hashed (streamed or linked): the large-blob digest is bound
     * ahead, and so is the early write-back of downloaded blobs.
     */
    @Override
    public void copyingFrom(ImageSource source) {
        DigestAlgorithm.prepareLargeDigests();
        if (source.downloads()) {
            dev.pier.image.store.BlobStore.prepareLargeWrites();
        }
    }

    @Override
    public boolean hasBlob(Descriptor d) {
        return layout.blobs().has(d);
    }

    @Override
    public void putBlob(Descriptor d, InputStream content) throws IOException {
        layout.blobs().put(d, content);
    }

    @Override
    public void putBlob(Descriptor d, java.nio.file.Path file) throws IOException {
        layout.blobs().putFromFile(d, file);
    }

    @Override
    public void putManifest(RawManifest manifest, boolean topLevel) throws IOException {
        Descriptor d = manifest.descriptor();
        if (!layout.blobs().has(d)) {
            layout.blobs().put(d, new java.io.ByteArrayInputStream(manifest.bytes()));
        }
        if (topLevel) {
            top = d;
        }
    }

    /** Kept as an unnamed entry of index.json, where {@link OciLayoutSource#referrers} finds it. */
    @Override
    public void putReferrer(RawManifest referrer) throws IOException {
        putManifest(referrer, false);
        referrers.add(referrer.descriptor());
    }

    /**
     * Adds the referrers to index.json, then names the top-level manifest. Referrers alone (attached
     * to an image already in the layout, as {@code pier sign} does) need no top-level manifest.
     */
    @Override
    public void commit() throws IOException {
        for (Descriptor r : referrers) {
            layout.addUntagged(r);
        }
        if (top == null && !referrers.isEmpty()) {
            return;
        }
        if (top == null) {
            throw new IllegalStateException("commit before the top-level manifest was written");
        }
        if (refName.isPresent()) {
            layout.tag(refName.get(), top);
        } else {
            layout.addUntagged(top);
        }
    }

    /** The manifest committed, once committed. */
    public Optional<Descriptor> committed() {
        return Optional.ofNullable(top);
    }
}
