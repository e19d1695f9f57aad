package dev.pier.image.transport;

import dev.pier.image.layer.Compression;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.Platform;
import java.time.Instant;

/**
 * How {@link ImageImporter} makes an image: the container config, the layer compression, the
 * platform recorded in the config, and the creation time (also the clamp for file times when the
 * source is a directory, so the same tree and time give the same digest).
 */
public record ImportOptions(ContainerConfig config, Compression compression, Platform platform, Instant created) {

    /** Defaults: empty config, gzip, the host's platform, and {@code SOURCE_DATE_EPOCH} or now. */
    public static ImportOptions defaults() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        Instant created = epoch != null && epoch.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(epoch))
                : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new ImportOptions(ContainerConfig.EMPTY, Compression.GZIP, Platform.host(), created);
    }

    public ImportOptions withConfig(ContainerConfig newConfig) {
        return new ImportOptions(newConfig, compression, platform, created);
    }

    public ImportOptions withCreated(Instant newCreated) {
        return new ImportOptions(config, compression, platform, newCreated);
    }
}
