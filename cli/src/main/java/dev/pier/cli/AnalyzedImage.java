package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;

/** Opens the image a location names; for an index, its image for the host's platform. */
final class AnalyzedImage {
    private AnalyzedImage() {}

    static Image open(ImageSource src, String name) throws IOException {
        RawManifest top = src.manifest();
        if (!top.isIndex()) {
            return src.image(top);
        }
        return src.image(src.manifest(top.asIndex().forPlatform(Platform.host()).orElseThrow(() ->
                new PierException(name + ": the index has no image for " + Platform.host()))));
    }
}
