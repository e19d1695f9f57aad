package dev.pier.image.transport;

import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.RawManifest;
import java.util.List;

/**
 * An image as every transport presents it: a manifest (exact bytes and parsed), a config (exact
 * bytes and parsed) and its layers in order. Reading is lazy: no layer is fetched until opened.
 */
public interface Image {
    RawManifest rawManifest();

    default Manifest manifest() {
        return rawManifest().asManifest();
    }

    /** The descriptor of the manifest (media type, digest, size). */
    default Descriptor descriptor() {
        return rawManifest().descriptor();
    }

    /** The config blob exactly as stored, verified against the manifest's config descriptor. */
    byte[] rawConfig();

    ImageConfig config();

    List<Layer> layers();
}
