package dev.pier.build.executor;

import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.BlobStore;
import dev.pier.image.transport.ImageSource;
import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The image a build produced, read from the store's blobs, as a source to copy to the outputs. */
record BuiltImageSource(BlobStore blobs, RawManifest built) implements ImageSource {
    public String describe() {
        return "pier build " + built.digest();
    }

    public RawManifest manifest() {
        return built;
    }

    public RawManifest manifest(Descriptor child) {
        throw new PierException("a built image has no child manifests");
    }

    public InputStream blob(Descriptor d) throws IOException {
        return blobs.openVerified(d);
    }

    public Optional<Path> blobFile(Descriptor d) {
        return Optional.of(blobs.path(d.digest()));
    }
}
