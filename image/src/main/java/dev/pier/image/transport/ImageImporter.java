package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestingOutputStream;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RootFs;
import dev.pier.image.store.OciLayout;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Makes a one-layer image from a directory tree or a tar archive, as {@code docker import} and
 * {@code podman import} do, and copies it to any destination. A directory becomes a reproducible
 * layer (sorted entries, times set to the creation time); a tar is taken as it is, decompressed if
 * needed and recompressed.
 */
public final class ImageImporter {
    private ImageImporter() {}

    /** Imports {@code source} and writes the image to {@code destination} (committed). */
    public static CopyResult importPath(Path source, ImageDestination destination, ImportOptions options) throws IOException {
        if (!Files.exists(source)) {
            throw new PierException("cannot import " + source + ": no such file or directory");
        }
        Path work = Files.createTempDirectory("pier-import-");
        try {
            OciLayout layout = OciLayout.openOrCreate(work.resolve("layout"));
            Path layerFile = work.resolve("layer");
            LayerBlob layer;
            try (OutputStream out = Files.newOutputStream(layerFile)) {
                layer = Files.isDirectory(source) ? fromTree(source, out, options) : fromTar(source, out, options.compression());
            }
            layout.blobs().putFromFile(layer.descriptor(), layerFile);
            String created = options.created().toString();
            ImageConfig config = new ImageConfig(created, null, options.platform().architecture(), options.platform().os(),
                    null, null, options.platform().variant(), options.config(),
                    new RootFs("layers", List.of(layer.diffId())),
                    List.of(new History(created, "pier import " + source.getFileName(), null, null, null)));
            Descriptor configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, Json.write(config));
            byte[] manifest = Json.write(Manifest.oci(configDescriptor, List.of(layer.descriptor())));
            layout.tag("import", layout.blobs().put(MediaType.OCI_MANIFEST, manifest));
            try (ImageSource src = new OciLayoutSource(layout, Optional.of("import"), "import of " + source)) {
                return ImageCopier.copy(src, destination, CopyOptions.defaults(), CopyListener.NONE);
            }
        } finally {
            StagingDirectory.deleteTree(work);
        }
    }

    private record LayerBlob(Descriptor descriptor, Digest diffId) {}

    private static LayerBlob fromTree(Path dir, OutputStream out, ImportOptions options) throws IOException {
        try (LayerWriter w = LayerWriter.open(out, options.compression(), LayerOptions.reproducible(options.created()))) {
            w.addTree(dir);
            var written = w.finish();
            return new LayerBlob(written.descriptor(), written.diffId());
        }
    }

    private static void checkIsTar(Path tar) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
             var entries = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                     Compression.detect(raw).decompress(raw, "import of " + tar))) {
            int n = 0;
            while (entries.getNextEntry() != null) {
                n++;
            }
            if (n == 0) {
                throw new PierException("cannot import " + tar + ": not a tar archive, or an empty one");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PierException("cannot import " + tar + ": not a valid tar archive (" + e.getMessage() + ")", e);
        }
    }

    /** Copies the tar's uncompressed bytes through the compressor, hashing both sides in one pass. */
    private static LayerBlob fromTar(Path tar, OutputStream out, Compression compression) throws IOException {
        var compressed = new DigestingOutputStream(out);
        var uncompressed = new DigestingOutputStream(compression.compress(compressed));
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tar), 1 << 16)) {
            InputStream in = Compression.detect(raw).decompress(raw, "import of " + tar);
            in.transferTo(uncompressed);
        }
        uncompressed.close();
        checkIsTar(tar);
        return new LayerBlob(Descriptor.of(compression.ociMediaType(), compressed.digest(), compressed.count()), uncompressed.digest());
    }
}
