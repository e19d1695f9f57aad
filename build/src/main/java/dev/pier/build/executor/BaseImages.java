package dev.pier.build.executor;

import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.LocalStore;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens the images a build starts from ({@code FROM}) or copies from ({@code COPY --from}): any
 * image location, a bare name meaning the local store. Their layers are copied into the store's
 * blobs, so the built image can reference them.
 */
final class BaseImages {
    /** A base image: manifest digest, config and layers (now in the store). */
    record Base(String describe, RawManifest manifest, dev.pier.image.spec.ImageConfig config, java.util.List<Descriptor> layers,
                java.util.List<dev.pier.image.digest.Digest> diffIds) {}

    private final LocalStore store;

    BaseImages(LocalStore store) {
        this.store = store;
    }

    /** Opens {@code name}, picking {@code platform} from an index, and copies its layers into the store. */
    Base open(String name, Platform platform) throws IOException {
        ImageLocation location = ImageLocation.parse(name, () -> store);
        try (ImageSource source = location.openSource(); var held = store.writing()) {
            RawManifest top = source.manifest();
            Image image;
            if (top.isIndex()) {
                Descriptor pick = top.asIndex().manifests().stream()
                        .filter(d -> d.platformIfAny().map(p -> p.matches(platform)).orElse(false))
                        .findFirst()
                        .orElseThrow(() -> new PierException(name + ": no image for platform " + platform + " in its index"));
                image = source.image(source.manifest(pick));
            } else {
                image = source.image();
            }
            java.util.List<Descriptor> layers = new java.util.ArrayList<>();
            for (Layer l : image.layers()) {
                Descriptor d = l.descriptor();
                if (!store.layout().blobs().has(d)) {
                    try (InputStream in = l.openCompressed()) {
                        store.layout().blobs().put(d, in);
                    }
                }
                layers.add(d);
            }
            return new Base(name, image.rawManifest(), image.config(), layers, image.config().rootfs().diffIds());
        }
    }
}
