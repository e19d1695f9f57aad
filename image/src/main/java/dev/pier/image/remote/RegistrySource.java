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
    private final RegistryOptions options;
    private final List<RegistriesConf.PullEndpoint> endpoints;
    private RegistryClient client;
    private RegistryRepository repo;
    private RawManifest top;
    private java.util.concurrent.FutureTask<RawManifest> ahead;

    /**
     * Reads {@code reference}; when registries.conf gives the registry mirrors, they are tried in
     * order before it, and the first that has the manifest serves the whole image. Without
     * mirrors, the registry is checked at once, in the background ({@link RegistryClient#pingAhead()}).
     */
    public RegistrySource(Reference reference, RegistryOptions options) {
        this.reference = reference;
        this.options = options;
        this.endpoints = RegistriesConf.load(options).pullEndpoints(reference.domain(), reference.path());
        use(endpoints.getLast());
        if (endpoints.size() == 1) {
            client.pingAhead(); // with mirrors, the registry itself may never be asked
        }
    }

    private void use(RegistriesConf.PullEndpoint endpoint) {
        RegistryOptions o = endpoint.insecure() && options.tlsVerify().isEmpty() ? options.withTlsVerify(false) : options;
        // The registry itself keeps its name (auth files and registries.conf name it); a mirror is named by its host.
        this.client = new RegistryClient(endpoint.mirror() ? endpoint.host() : reference.domain(), o);
        this.repo = new RegistryRepository(client, endpoint.path(), o);
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

    /**
     * Starts fetching the manifest on a background thread (after the registry check, which it
     * waits for), for a caller that asks for it next: its round trips then overlap the caller's
     * own set-up, such as creating the destination layout (about 25 ms of a pull, wall profile).
     * Only without mirrors, which {@link #manifest()} tries one by one. A failure is reported by
     * {@link #manifest()}, as it would have been without this.
     */
    public synchronized void fetchManifestAhead() {
        if (endpoints.size() == 1 && top == null && ahead == null) {
            ahead = new java.util.concurrent.FutureTask<>(() -> repo.manifest(reference.manifestReference(), reference.digest()));
            Thread.ofPlatform().daemon().name("manifest-ahead").start(ahead);
        }
    }

    @Override
    public synchronized RawManifest manifest() throws IOException {
        if (top != null) {
            return top;
        }
        if (ahead != null) {
            top = fetchedAhead();
            return top;
        }
        for (RegistriesConf.PullEndpoint mirror : endpoints.subList(0, endpoints.size() - 1)) {
            RegistryClient primary = client;
            RegistryRepository primaryRepo = repo;
            use(mirror);
            try {
                top = repo.manifest(reference.manifestReference(), reference.digest());
                primary.close();
                return top;
            } catch (IOException | PierException e) {
                // this mirror cannot serve the image: try the next, then the registry itself
                client.close();
                client = primary;
                repo = primaryRepo;
            }
        }
        top = repo.manifest(reference.manifestReference(), reference.digest());
        return top;
    }

    private RawManifest fetchedAhead() throws IOException {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw RegistryClient.failure(e);
        } finally {
            ahead = null;
        }
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
    public boolean downloads() {
        return true;
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
    public Optional<RawManifest> manifestTagged(String tag) throws IOException {
        if (repo.headManifest(tag).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(repo.manifest(tag, Optional.empty()));
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
