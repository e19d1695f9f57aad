package dev.pier.build.java;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An image made of a new manifest and config, new layer blobs held in files, and the layers of a
 * base image read from the base's own source. Copying it with
 * {@link dev.pier.image.transport.ImageCopier} writes only what the destination lacks, so base
 * layers and unchanged application layers are not sent again.
 */
final class AssembledImageSource implements ImageSource {
    private final RawManifest manifest;
    private final Descriptor config;
    private final byte[] configBytes;
    private final Map<Digest, Path> layerFiles;
    private final ImageSource base;

    AssembledImageSource(RawManifest manifest, Descriptor config, byte[] configBytes, Map<Digest, Path> layerFiles,
                         ImageSource base) {
        this.manifest = manifest;
        this.config = config;
        this.configBytes = configBytes;
        this.layerFiles = Map.copyOf(layerFiles);
        this.base = base;
    }

    @Override
    public String describe() {
        return "the Java image being built";
    }

    @Override
    public RawManifest manifest() {
        return manifest;
    }

    @Override
    public RawManifest manifest(Descriptor child) {
        throw new PierException("the Java image being built is not an index");
    }

    @Override
    public Optional<Path> blobFile(Descriptor d) {
        return Optional.ofNullable(layerFiles.get(d.digest()));
    }

    @Override
    public InputStream rawBlob(Descriptor d) throws IOException {
        if (d.digest().equals(config.digest())) {
            return new ByteArrayInputStream(configBytes);
        }
        Path file = layerFiles.get(d.digest());
        if (file != null) {
            return Files.newInputStream(file);
        }
        if (base != null) {
            return base.rawBlob(d);
        }
        throw new PierException("blob " + d.digest() + " is not part of the Java image being built");
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        if (base != null && !d.digest().equals(config.digest()) && !layerFiles.containsKey(d.digest())) {
            return base.blob(d);
        }
        return new VerifyingInputStream(rawBlob(d), "blob " + d.digest(), d.digest(), d.size());
    }
}
