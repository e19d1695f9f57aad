package dev.pier.image.transport;

import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Forwards every call to another destination; subclasses add behaviour around some of them. */
class ImageDestinationWrapper implements ImageDestination {
    private final ImageDestination inner;

    ImageDestinationWrapper(ImageDestination inner) {
        this.inner = inner;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void copyingFrom(ImageSource source) {
        inner.copyingFrom(source);
    }

    @Override
    public boolean hasBlob(Descriptor d) throws IOException {
        return inner.hasBlob(d);
    }

    @Override
    public void putBlob(Descriptor d, InputStream content) throws IOException {
        inner.putBlob(d, content);
    }

    @Override
    public void putBlob(Descriptor d, java.nio.file.Path file) throws IOException {
        inner.putBlob(d, file);
    }

    @Override
    public void putManifest(RawManifest manifest, boolean topLevel) throws IOException {
        inner.putManifest(manifest, topLevel);
    }

    @Override
    public void putReferrer(RawManifest referrer) throws IOException {
        inner.putReferrer(referrer);
    }

    @Override
    public Optional<Compression> requiredLayerCompression() {
        return inner.requiredLayerCompression();
    }

    @Override
    public boolean acceptsIndex() {
        return inner.acceptsIndex();
    }

    @Override
    public void commit() throws IOException {
        inner.commit();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
