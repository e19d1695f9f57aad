package dev.pier.image.remote;

import dev.pier.image.PierException;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image or index from a registry, {@code docker://REGISTRY/REPO[:TAG|@DIGEST]}. Nothing is
 * fetched before it is asked for: {@link #manifest()} fetches the manifest only, a layer is
 * downloaded when read. Blobs stream, resumed with Range requests when a connection breaks.
 */
public final class RegistrySource implements ImageSource {
    private final Reference reference;
    private final RegistryClient client;
    private final RegistryRepository repo;
    private RawManifest top;

    public RegistrySource(Reference reference, RegistryOptions options) {
        this.reference = reference;
        this.client = new RegistryClient(reference.domain(), options);
        this.repo = new RegistryRepository(client, reference.path(), options);
    }

    public Reference reference() {
        return reference;
    }

    /** The registry's name as references spell it. */
    public String registry() {
        return reference.domain();
    }

    public RegistryRepository repository() {
        return repo;
    }

    @Override
    public String describe() {
        return "docker://" + reference;
    }

    @Override
    public synchronized RawManifest manifest() throws IOException {
        if (top == null) {
            top = repo.manifest(reference.manifestReference(), reference.digest());
        }
        return top;
    }

    @Override
    public RawManifest manifest(Descriptor child) throws IOException {
        if (!MediaType.isManifest(child.mediaType())) {
            throw new PierException(describe() + ": " + child.digest() + " has media type " + child.mediaType() + ", not a manifest");
        }
        RawManifest m = repo.manifest(child.digest().toString(), Optional.of(child.digest()));
        return new RawManifest(m.bytes(), child.mediaType(), m.digest());
    }

    @Override
    public InputStream blob(Descriptor d) {
        return new VerifyingInputStream(repo.blob(d), "blob " + d.digest() + " of " + repo.name(), d.digest(), d.size());
    }

    @Override
    public InputStream rawBlob(Descriptor d) {
        return repo.blob(d);
    }

    @Override
    public List<Descriptor> referrers(Descriptor subject) throws IOException {
        return repo.referrers(subject.digest());
    }

    @Override
    public List<String> repoTags() {
        try {
            return repo.tags();
        } catch (IOException | RegistryException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
