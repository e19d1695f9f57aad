package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The {@link Image} view of a manifest read from an {@link ImageSource}; the config is read on first use. */
public final class SourcedImage implements Image {
    private final ImageSource source;
    private final RawManifest rawManifest;
    private final Manifest manifest;
    private byte[] rawConfig;
    private ImageConfig config;

    public SourcedImage(ImageSource source, RawManifest rawManifest) {
        this.source = source;
        this.rawManifest = rawManifest;
        this.manifest = rawManifest.asManifest();
    }

    @Override
    public RawManifest rawManifest() {
        return rawManifest;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public synchronized byte[] rawConfig() {
        if (rawConfig == null) {
            try {
                rawConfig = source.smallBlob(manifest.config());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rawConfig.clone();
    }

    @Override
    public synchronized ImageConfig config() {
        if (config == null) {
            config = Json.read(rawConfig(), ImageConfig.class, "config " + manifest.config().digest());
        }
        return config;
    }

    @Override
    public List<Layer> layers() {
        List<Digest> diffIds = config().rootfs().diffIds();
        List<Descriptor> descriptors = manifest.layers();
        if (diffIds.size() != descriptors.size()) {
            throw new PierException("image " + rawManifest.digest() + ": the manifest lists " + descriptors.size()
                    + " layers but the config has " + diffIds.size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>(descriptors.size());
        for (int i = 0; i < descriptors.size(); i++) {
            layers.add(new SourcedLayer(source, descriptors.get(i), diffIds.get(i)));
        }
        return layers;
    }

    private record SourcedLayer(ImageSource source, Descriptor descriptor, Digest diffId) implements Layer {
        @Override
        public InputStream openCompressed() throws IOException {
            return source.blob(descriptor);
        }

        @Override
        public InputStream openUncompressed() throws IOException {
            java.util.Optional<java.nio.file.Path> file = source.blobFile(descriptor);
            if (file.isPresent()) {
                var whole = dev.pier.image.layer.InMemoryGunzip.open(file.get(), descriptor, diffId);
                if (whole.isPresent()) {
                    return whole.get();
                }
            }
            InputStream raw = new java.io.BufferedInputStream(openCompressed(), 128 * 1024);
            Compression c = Compression.detect(raw);
            return new dev.pier.image.digest.VerifyingInputStream(
                    c.decompress(raw), "layer " + descriptor.digest() + " (diff_id)", diffId, -1);
        }
    }
}
