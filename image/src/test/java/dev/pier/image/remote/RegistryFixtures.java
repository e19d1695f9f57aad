package dev.pier.image.remote;

import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.spec.RootFs;
import dev.pier.image.store.OciLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated images in an OCI layout: two gzip layers (one of incompressible bytes), a config, a manifest. */
public final class RegistryFixtures {
    private RegistryFixtures() {}

    /** Writes an image for {@code platform} into the layout; {@code bigBytes} sizes the second layer's file. */
    public static RawManifest image(OciLayout layout, Platform platform, String seed, int bigBytes) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<dev.pier.image.digest.Digest> diffIds = new ArrayList<>();
        byte[] small = ("hello from " + seed + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[bigBytes];
        new Random(seed.hashCode()).nextBytes(big);
        for (byte[] content : List.of(small, big)) {
            WrittenLayer w = layer(layout, content.length == small.length ? "hello.txt" : "data.bin", content);
            layers.add(w.descriptor());
            diffIds.add(w.diffId());
        }
        ImageConfig config = new ImageConfig("2024-01-01T00:00:00Z", null, platform.architecture(), platform.os(),
                null, null, platform.variant(), null, new RootFs("layers", diffIds), null);
        Descriptor configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, Json.write(config));
        RawManifest manifest = RawManifest.of(Manifest.oci(configDescriptor, layers));
        layout.blobs().put(manifest.mediaType(), manifest.bytes());
        return manifest;
    }

    /** An image tagged {@code refName} in the layout. */
    public static RawManifest taggedImage(OciLayout layout, String refName, String seed, int bigBytes) throws IOException {
        RawManifest m = image(layout, Platform.of("linux", "amd64", null), seed, bigBytes);
        layout.tag(refName, m.descriptor());
        return m;
    }

    /** A two-platform index (linux/amd64, linux/arm64) tagged {@code refName}. */
    public static RawManifest index(OciLayout layout, String refName, int bigBytes) throws IOException {
        Platform amd64 = Platform.of("linux", "amd64", null);
        Platform arm64 = Platform.of("linux", "arm64", null);
        RawManifest a = image(layout, amd64, "amd64-" + refName, bigBytes);
        RawManifest b = image(layout, arm64, "arm64-" + refName, bigBytes);
        RawManifest index = RawManifest.of(ImageIndex.oci(List.of(a.descriptor().withPlatform(amd64), b.descriptor().withPlatform(arm64))));
        layout.blobs().put(index.mediaType(), index.bytes());
        layout.tag(refName, index.descriptor());
        return index;
    }

    private static WrittenLayer layer(OciLayout layout, String name, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(layout.dir(), "layer", ".tmp");
        try {
            WrittenLayer w;
            try (OutputStream out = Files.newOutputStream(tmp);
                 LayerWriter writer = LayerWriter.open(out, Compression.GZIP, LayerOptions.reproducible())) {
                writer.addFile(name, EntryAttributes.of(0644), content.length, new ByteArrayInputStream(content));
                w = writer.finish();
            }
            try (var in = Files.newInputStream(tmp)) {
                layout.blobs().put(w.descriptor(), in);
            }
            return w;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
