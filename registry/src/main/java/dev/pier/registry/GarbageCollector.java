package dev.pier.registry;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.registry.storage.RegistryStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Mark and sweep over the shared blob store. Marks every manifest linked in any repository and
 * every blob those manifests reference; sweeps the rest. Safe while the registry serves pushes:
 * a blob written or linked within the grace period is kept (it may belong to a push whose
 * manifest has not arrived yet), and each deletion re-checks under the lock that manifest pushes
 * share, so a blob a push was just validated against is never removed.
 */
public final class GarbageCollector {
    private final Registry registry;
    private final RegistryStorage storage;

    public GarbageCollector(Registry registry) {
        this.registry = registry;
        this.storage = registry.storage();
    }

    /** What a collection found (and, unless a dry run, removed). */
    public record Result(int marked, List<Digest> deleted, long bytes, boolean dryRun) {}

    public Result collect(boolean dryRun) throws IOException {
        Instant cutoff = Instant.now().minus(registry.options().gcGrace());
        Set<Digest> marked = mark();
        List<Digest> deleted = new ArrayList<>();
        long bytes = 0;
        List<Digest> candidates;
        try (var all = storage.blobs()) {
            candidates = all.filter(d -> !marked.contains(d)).toList();
        }
        for (Digest d : candidates) {
            var modified = storage.blobModified(d);
            if (modified.isEmpty() || modified.get().isAfter(cutoff)) {
                continue;
            }
            long size = storage.blobSize(d).orElse(0L);
            if (dryRun) {
                deleted.add(d);
                bytes += size;
                continue;
            }
            Lock lock = registry.gcLock().writeLock();
            lock.lock();
            try {
                var again = storage.blobModified(d); // re-check: pushes cannot run while we hold the lock
                if (again.isEmpty() || again.get().isAfter(cutoff) || referencedNow(d)) {
                    continue;
                }
                storage.deleteBlob(d);
                deleted.add(d);
                bytes += size;
            } finally {
                lock.unlock();
            }
        }
        return new Result(marked.size(), deleted, bytes, dryRun);
    }

    /** A cheap re-check for manifests pushed after the mark phase: is it itself a linked manifest? */
    private boolean referencedNow(Digest d) throws IOException {
        for (String repo : storage.repositories()) {
            if (storage.getManifest(repo, d).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private Set<Digest> mark() throws IOException {
        Set<Digest> marked = new HashSet<>();
        for (String repo : storage.repositories()) {
            for (Digest m : storage.manifests(repo)) {
                var raw = storage.getManifest(repo, m);
                if (raw.isEmpty()) {
                    continue;
                }
                marked.add(m);
                markReferences(raw.get(), marked);
            }
        }
        return marked;
    }

    private static void markReferences(RawManifest raw, Set<Digest> marked) {
        try {
            var v = ManifestValidator.validate(raw.bytes(), raw.mediaType());
            for (Descriptor d : v.blobs()) {
                marked.add(d.digest());
            }
            for (Descriptor d : v.manifests()) {
                marked.add(d.digest());
            }
        } catch (RegistryError e) {
            // an opaque manifest references nothing we know how to read
        }
    }
}
