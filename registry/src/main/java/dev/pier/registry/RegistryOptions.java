package dev.pier.registry;

import java.time.Duration;

/**
 * Behaviour of the HTTP layer.
 *
 * @param readOnly refuse every write with 405 UNSUPPORTED
 * @param maxManifestBytes largest manifest accepted on push
 * @param maxBodyBytes largest blob request body (one PATCH, PUT or POST)
 * @param uploadExpiry how long an unfinished upload session lives
 * @param gcGrace blobs written or linked more recently than this are never collected
 */
public record RegistryOptions(boolean readOnly, int maxManifestBytes, long maxBodyBytes, Duration uploadExpiry, Duration gcGrace) {
    public static final int DEFAULT_MAX_MANIFEST = 4 * 1024 * 1024;

    public static RegistryOptions defaults() {
        return new RegistryOptions(false, DEFAULT_MAX_MANIFEST, Long.MAX_VALUE, Duration.ofHours(24), Duration.ofHours(1));
    }

    public RegistryOptions withReadOnly(boolean ro) {
        return new RegistryOptions(ro, maxManifestBytes, maxBodyBytes, uploadExpiry, gcGrace);
    }
}
