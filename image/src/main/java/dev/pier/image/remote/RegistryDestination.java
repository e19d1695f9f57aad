package dev.pier.image.remote;

import dev.pier.image.PierException;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Pushes to a registry. {@link #hasBlob} asks the registry (HEAD) and, when the source is another
 * repository of the same registry, tries a cross-repository mount; other blobs are uploaded
 * monolithically or in chunks ({@link RegistryOptions#chunkSize()}). Child manifests are pushed by
 * digest as they come; the top-level manifest is pushed last, at {@link #commit()}, by tag (or by
 * digest when the reference has none), so the name moves only when everything else is there.
 */
public final class RegistryDestination implements ImageDestination {
    private final Reference reference;
    private final RegistryOptions options;
    private final RegistryClient client;
    private final RegistryRepository repo;
    private volatile String mountFrom;
    /** Whether this copy uploaded a blob: then the manifest cannot be there yet, and is pushed without asking. */
    private volatile boolean uploaded;
    private RawManifest top;
    private boolean referrersPushed;

    public RegistryDestination(Reference reference, RegistryOptions options) {
        this.reference = reference;
        this.options = options;
        this.client = new RegistryClient(reference.domain(), options);
        this.repo = new RegistryRepository(client, reference.path(), options);
        client.pingAhead(); // overlaps the reading of the source
    }

    @Override
    public String describe() {
        return "docker://" + reference;
    }

    /** Notes the source so blobs of the same registry can be mounted instead of uploaded. */
    @Override
    public void copyingFrom(ImageSource source) {
        if (source instanceof RegistrySource rs && rs.registry().equals(reference.domain())
                && !rs.reference().path().equals(reference.path())) {
            mountFrom = rs.reference().path();
        }
    }

    /** True when the registry has the blob in this repository, or mounted it from the source repository. */
    @Override
    public boolean hasBlob(Descriptor d) throws IOException {
        if (repo.hasBlob(d.digest())) {
            return true;
        }
        String from = mountFrom;
        return from != null && repo.mount(d.digest(), from);
    }

    @Override
    public void putBlob(Descriptor d, InputStream content) throws IOException {
        uploaded = true;
        UploadSession session = repo.startUpload();
        boolean done = false;
        try {
            if (options.chunkSize() > 0 || d.size() < 0) {
                long chunk = options.chunkSize() > 0 ? options.chunkSize() : 8L << 20;
                session.chunked(d, content, (int) Math.min(chunk, 256L << 20));
            } else {
                session.monolithic(d, content);
            }
            done = true;
        } finally {
            if (!done) {
                session.cancel();
            }
        }
    }

    /** A blob kept in a file goes up in one PUT straight from the file, unless chunks were asked for. */
    @Override
    public void putBlob(Descriptor d, java.nio.file.Path file) throws IOException {
        if (options.chunkSize() > 0) {
            ImageDestination.super.putBlob(d, file);
            return;
        }
        uploaded = true;
        UploadSession session = repo.startUpload();
        boolean done = false;
        try {
            session.monolithic(d, file);
            done = true;
        } finally {
            if (!done) {
                session.cancel();
            }
        }
    }

    @Override
    public void putManifest(RawManifest manifest, boolean topLevel) throws IOException {
        if (topLevel) {
            top = manifest;
        } else {
            repo.putManifest(manifest.digest().toString(), manifest);
        }
    }

    /**
     * Pushes the referrer by digest; when the registry does not index subjects itself (no
     * {@code OCI-Subject} in its answer), also adds it to the subject's fallback tag, as the
     * distribution spec's referrers tag schema asks clients to.
     */
    @Override
    public void putReferrer(RawManifest referrer) throws IOException {
        boolean indexed = repo.putManifest(referrer.digest().toString(), referrer);
        if (!indexed) {
            var m = referrer.asManifest();
            repo.addToReferrersTag(m.subject().digest(), new Descriptor(referrer.mediaType(), referrer.digest(),
                    referrer.size(), null, m.annotations(), null,
                    m.artifactType() != null ? m.artifactType() : m.config().mediaType(), null));
        }
        referrersPushed = true;
    }

    /**
     * Pushes the top-level manifest under the reference's tag. Referrers alone (attached to an image
     * already in the registry, as {@code pier sign} does) were pushed as they came: nothing is left.
     */
    @Override
    public void commit() throws IOException {
        if (top == null && referrersPushed) {
            return;
        }
        if (top == null) {
            throw new IllegalStateException("commit before the top-level manifest was written");
        }
        Optional<dev.pier.image.digest.Digest> wanted = reference.digest();
        if (wanted.isPresent() && !wanted.get().equals(top.digest())) {
            throw new PierException(describe() + ": the image's digest is " + top.digest() + ", not the one the reference names");
        }
        String name = reference.tag().orElse(top.digest().toString());
        if (uploaded || !alreadyThere(name)) {
            repo.putManifest(name, top);
        }
    }

    /**
     * Whether the registry's {@code name} already is the manifest to push (a push that changes
     * nothing): then the PUT, which makes the registry check every blob again, is skipped. Any
     * doubt (no answer, another digest, an error) means the manifest is pushed. Asked only when no
     * blob was uploaded: a registry that lacked a blob of the image cannot have held its manifest
     * (and should it have, the PUT is harmless), so a first push saves the round trip.
     */
    private boolean alreadyThere(String name) {
        try {
            return repo.headManifest(name).filter(d -> d.digest().equals(top.digest())).isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The manifest pushed by {@link #commit()}, once pushed. */
    public Optional<RawManifest> committed() {
        return Optional.ofNullable(top);
    }

    @Override
    public void close() {
        client.close();
    }
}
