package dev.pier.build.executor;

import dev.pier.image.spec.Json;
import dev.pier.image.store.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The layer cache: {@code <store root>/build-cache/layers/<key>.json} maps a cache key (parent
 * key, instruction, content hash of the copied files) to the layer it produced. An entry whose
 * blob is gone from the store (removed with its last image) is a miss.
 */
final class BuildCache {
    private final Path dir;
    private final BlobStore blobs;
    private final boolean enabled;

    BuildCache(Path storeRoot, BlobStore blobs, boolean enabled) {
        this.dir = storeRoot.resolve("build-cache").resolve("layers");
        this.blobs = blobs;
        this.enabled = enabled;
    }

    Optional<LayerMaker.CachedLayer> get(String key) {
        if (!enabled) {
            return Optional.empty();
        }
        Path f = dir.resolve(key + ".json");
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            LayerMaker.CachedLayer c = Json.read(Files.readAllBytes(f), LayerMaker.CachedLayer.class, f.toString());
            return blobs.has(c.descriptor()) ? Optional.of(c) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void put(String key, LayerMaker.CachedLayer layer) throws IOException {
        if (!enabled) {
            return;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
        Files.write(tmp, Json.write(layer));
        Files.move(tmp, dir.resolve(key + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
