package dev.pier.build.java;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import java.nio.file.Path;

/**
 * A layer built (or found in the cache) by {@link LayerBuilder}.
 *
 * @param name what the layer holds, from its {@link LayerSpec}
 * @param descriptor the compressed blob's media type, digest and size
 * @param diffId the digest of the uncompressed tar
 * @param blob the file holding the compressed blob
 * @param cached true when the blob came from the cache, unbuilt
 */
public record BuiltLayer(String name, Descriptor descriptor, Digest diffId, Path blob, boolean cached) {}
