package dev.pier.image.store;

import dev.pier.image.PierException;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;

/**
 * What a listing shows of a stored image: its creation time and its size (config and layers as
 * stored, as {@code docker images} counts them); for an index, the size of the index only.
 */
public record ImageSummary(String created, long size) {

    static ImageSummary of(OciLayout layout, StoredImage image) {
        var d = image.manifest();
        if (!MediaType.isImageManifest(d.mediaType())) {
            return new ImageSummary(null, d.size());
        }
        try {
            Manifest m = new RawManifest(layout.blobs().readVerified(d, Json.MAX_DOCUMENT_BYTES), d.mediaType(), d.digest()).asManifest();
            ImageConfig c = Json.read(layout.blobs().readVerified(m.config(), Json.MAX_DOCUMENT_BYTES), ImageConfig.class, "config");
            long size = m.config().size() + m.layers().stream().mapToLong(l -> l.size()).sum();
            return new ImageSummary(c.created(), size);
        } catch (IOException | PierException e) {
            return new ImageSummary(null, 0);
        }
    }
}
