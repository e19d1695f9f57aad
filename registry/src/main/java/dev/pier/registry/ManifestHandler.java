package dev.pier.registry;

import static dev.pier.registry.RegistryError.Code.DIGEST_INVALID;
import static dev.pier.registry.RegistryError.Code.MANIFEST_BLOB_UNKNOWN;
import static dev.pier.registry.RegistryError.Code.MANIFEST_INVALID;
import static dev.pier.registry.RegistryError.Code.MANIFEST_UNKNOWN;
import static dev.pier.registry.RegistryError.Code.NAME_UNKNOWN;
import static dev.pier.registry.RegistryError.Code.SIZE_INVALID;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.registry.storage.RegistryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT, DELETE (end-3, end-7, end-9). */
final class ManifestHandler {
    private final Registry registry;
    private final RegistryStorage storage;

    ManifestHandler(Registry registry) {
        this.registry = registry;
        this.storage = registry.storage();
    }

    void get(Exchange ex, String repo, String reference) throws IOException {
        Digest digest = resolve(repo, reference);
        RawManifest m = storage.getManifest(repo, digest).orElseThrow(() -> unknown(repo, reference));
        ex.header("Docker-Content-Digest", m.digest().toString());
        ex.header("ETag", "\"" + m.digest() + "\"");
        ex.send(200, m.mediaType(), m.bytes());
    }

    private Digest resolve(String repo, String reference) throws IOException {
        if (reference.indexOf(':') >= 0) {
            return Names.digest(reference);
        }
        if (!Names.isTag(reference)) {
            throw RegistryError.of(MANIFEST_INVALID, "invalid tag " + reference);
        }
        return storage.resolveTag(repo, reference).orElseThrow(() -> unknown(repo, reference));
    }

    private RegistryError unknown(String repo, String reference) {
        if (!storage.repositoryExists(repo)) {
            return RegistryError.of(NAME_UNKNOWN, "repository " + repo + " not known to registry");
        }
        return RegistryError.of(MANIFEST_UNKNOWN, "manifest " + reference + " not known in " + repo);
    }

    void put(Exchange ex, String repo, String reference) throws IOException {
        registry.requireWritable();
        Digest byDigest = null;
        String tag = null;
        if (reference.indexOf(':') >= 0) {
            byDigest = Names.digest(reference);
        } else if (Names.isTag(reference)) {
            tag = reference;
        } else {
            throw RegistryError.of(MANIFEST_INVALID, "invalid tag " + reference);
        }
        int limit = registry.options().maxManifestBytes();
        if (ex.contentLength() > limit) {
            throw RegistryError.of(SIZE_INVALID, 413, "manifest of " + ex.contentLength() + " bytes exceeds the limit of " + limit);
        }
        byte[] bytes;
        try (InputStream in = ex.body()) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw RegistryError.of(SIZE_INVALID, 413, "manifest exceeds the limit of " + limit + " bytes");
        }
        if (ex.contentLength() >= 0 && ex.contentLength() != bytes.length) {
            throw RegistryError.of(SIZE_INVALID, "Content-Length does not match the body");
        }
        ManifestValidator.Result v = ManifestValidator.validate(bytes, ex.header("Content-Type"));
        Digest digest = Digest.of(byDigest != null ? byDigest.algorithm() : dev.pier.image.digest.DigestAlgorithm.SHA256, bytes);
        if (byDigest != null && !byDigest.equals(digest)) {
            throw RegistryError.of(DIGEST_INVALID, "the manifest hashes to " + digest + ", not " + byDigest);
        }
        RawManifest m = new RawManifest(bytes, v.mediaType(), digest);
        List<String> extraTags = ex.params("tag");
        Lock lock = registry.gcLock().readLock();
        lock.lock();
        try {
            checkReferences(repo, v);
            if (v.subject() != null) {
                Descriptor referrer = new Descriptor(v.mediaType(), digest, bytes.length, null, v.annotations(), null, v.artifactType(), null);
                storage.addReferrer(repo, v.subject().digest(), referrer); // first: listing skips it until the manifest lands
            }
            storage.putManifest(repo, m);
            if (tag != null) {
                storage.tag(repo, tag, digest);
            }
            if (byDigest != null && extraTags != null) {
                for (String t : extraTags) {
                    if (Names.isTag(t)) {
                        storage.tag(repo, t, digest);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        ex.header("Location", "/v2/" + repo + "/manifests/" + digest);
        ex.header("Docker-Content-Digest", digest.toString());
        if (v.subject() != null) {
            ex.header("OCI-Subject", v.subject().digest().toString());
        }
        ex.sendEmpty(201);
    }

    private void checkReferences(String repo, ManifestValidator.Result v) throws IOException {
        for (Descriptor d : v.blobs()) {
            if (!storage.isBlobLinked(repo, d.digest())) {
                throw new RegistryError(MANIFEST_BLOB_UNKNOWN, 400, "blob " + d.digest() + " unknown to " + repo, Map.of("digest", d.digest().toString()));
            }
            Optional<Long> size = storage.blobSize(d.digest());
            if (size.isPresent() && size.get() != d.size()) {
                throw RegistryError.of(MANIFEST_INVALID, "blob " + d.digest() + " has " + size.get() + " bytes, the manifest says " + d.size());
            }
            // Re-linking refreshes the blob's time, under the lock the collector deletes with: a blob this
            // manifest was validated against is then inside the grace period, and a concurrent collection keeps it.
            storage.linkBlob(repo, d.digest());
        }
        for (Descriptor d : v.manifests()) {
            Optional<RawManifest> child = storage.getManifest(repo, d.digest());
            if (child.isEmpty()) {
                throw new RegistryError(MANIFEST_BLOB_UNKNOWN, 400, "manifest " + d.digest() + " unknown to " + repo, Map.of("digest", d.digest().toString()));
            }
            if (child.get().size() != d.size()) {
                throw RegistryError.of(MANIFEST_INVALID, "manifest " + d.digest() + " has " + child.get().size() + " bytes, the index says " + d.size());
            }
        }
    }

    void delete(Exchange ex, String repo, String reference) throws IOException {
        registry.requireWritable();
        if (reference.indexOf(':') < 0) {
            if (!Names.isTag(reference)) {
                throw RegistryError.of(MANIFEST_INVALID, "invalid tag " + reference);
            }
            if (!storage.untag(repo, reference)) {
                throw unknown(repo, reference);
            }
            ex.sendEmpty(202);
            return;
        }
        Digest digest = Names.digest(reference);
        Optional<RawManifest> m = storage.getManifest(repo, digest);
        if (m.isEmpty()) {
            throw unknown(repo, reference);
        }
        storage.deleteManifest(repo, digest);
        try {
            var v = ManifestValidator.validate(m.get().bytes(), m.get().mediaType());
            if (v.subject() != null) {
                storage.removeReferrer(repo, v.subject().digest(), digest);
            }
        } catch (RegistryError e) {
            // a stored manifest that no longer validates has no referrer entry to remove
        }
        ex.sendEmpty(202);
    }
}
