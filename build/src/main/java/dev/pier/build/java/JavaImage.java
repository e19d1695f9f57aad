package dev.pier.build.java;

import dev.pier.image.digest.Digest;
import dev.pier.image.transport.CopyResult;
import java.util.List;

/**
 * What {@link JavaContainer#containerizeTo} produced.
 *
 * @param manifestDigest the digest of the image manifest
 * @param imageId the digest of the image config (docker's image id)
 * @param layers the layers Pier added, in order (the base's layers are not listed)
 * @param entrypoint the image's entrypoint
 * @param copy what was written to the destination (blobs copied and skipped)
 */
public record JavaImage(Digest manifestDigest, Digest imageId, List<BuiltLayer> layers, List<String> entrypoint,
                        CopyResult copy) {
    public JavaImage {
        layers = List.copyOf(layers);
        entrypoint = List.copyOf(entrypoint);
    }
}
