package dev.pier.build.executor;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;

/**
 * What a build produced.
 *
 * @param manifest the image manifest's descriptor (its digest is the same in every output)
 * @param imageId the config digest, the image id as docker shows it
 * @param config the image configuration
 * @param executed how many steps ran
 * @param cached how many steps came from the cache
 */
public record BuildResult(Descriptor manifest, Digest imageId, ImageConfig config, int executed, int cached) {}
