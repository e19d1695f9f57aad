package dev.pier.image.testing;

import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small, deterministic images for tests, without any external tool: layers written with
 * {@link LayerWriter} into an {@link OciLayout}'s blob store, an image config whose
 * {@code rootfs.diff_ids} and history match the layers, an OCI manifest, and a tag in index.json.
 *
 * <pre>{@code
 * OciLayout layout = OciLayout.openOrCreate(dir);
 * TestImage img = TestImages.image()
 *         .layer(TestImages.files(Map.of("etc/hello", "hi")))
 *         .layer(w -> w.addWhiteout("etc/hello", TestImages.FILE))
 *         .compression(Compression.ZSTD)
 *         .env("PATH=/bin").cmd("/bin/sh")
 *         .write(layout, "v1");
 * }</pre>
 *
 * The same specs always give the same digests (fixed timestamps, fixed creation date).
 */
public final class TestImages {
    /** Mode of the regular files the helpers write. */
    public static final EntryAttributes FILE = EntryAttributes.of(0644);
    /** Mode of the directories the helpers write. */
    public static final EntryAttributes DIR = EntryAttributes.of(0755);
    /** The creation time written into every test image config. */
    public static final String CREATED = "2024-01-01T00:00:00Z";

    private TestImages() {}

    /** Adds entries to a layer. */
    @FunctionalInterface
    public interface LayerSpec {
        void addTo(LayerWriter writer) throws IOException;
    }

    /** A layer holding everything under a host directory. */
    public static LayerSpec tree(Path dir) {
        return w -> w.addTree(dir);
    }

    /**
     * A layer of text files by path ({@code "etc/os-release" -> "..."}), in the map's iteration
     * order; parent directories are not added unless listed as keys ending with {@code /}.
     */
    public static LayerSpec files(Map<String, String> files) {
        Map<String, String> copy = new LinkedHashMap<>(files);
        return w -> {
            for (var e : copy.entrySet()) {
                if (e.getKey().endsWith("/")) {
                    w.addDirectory(e.getKey(), DIR);
                } else {
                    byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                    w.addFile(e.getKey(), FILE, content.length, new ByteArrayInputStream(content));
                }
            }
        };
    }

    /** A layer with one file. */
    public static LayerSpec file(String path, String content) {
        return files(Map.of(path, content));
    }

    /** Starts describing an image: no layers, gzip, linux/amd64, no env or cmd. */
    public static Builder image() {
        return new Builder();
    }

    /** An image as written: its manifest (bytes and descriptor), its config and its layers. */
    public record TestImage(RawManifest manifest, Descriptor configDescriptor, byte[] rawConfig, ImageConfig config,
                            List<WrittenLayer> layers) {
        /** The manifest's descriptor (media type, digest, size), without annotations. */
        public Descriptor descriptor() {
            return manifest.descriptor();
        }

        public Digest digest() {
            return manifest.digest();
        }

        /** The image id as docker shows it: the config digest. */
        public Digest configDigest() {
            return configDescriptor.digest();
        }

        public List<Digest> diffIds() {
            return config.rootfs().diffIds();
        }

        public List<Descriptor> layerDescriptors() {
            return layers.stream().map(WrittenLayer::descriptor).toList();
        }
    }

    /** A two-platform index and its two images. */
    public record TestIndex(RawManifest index, TestImage amd64, TestImage arm64) {
        public Digest digest() {
            return index.digest();
        }

        public Descriptor descriptor() {
            return index.descriptor();
        }
    }

    /** What an image is made of; {@link #write} stores it. */
    public static final class Builder {
        private final List<LayerSpec> layers = new ArrayList<>();
        private Compression compression = Compression.GZIP;
        private Platform platform = Platform.of("linux", "amd64", null);
        private List<String> env = List.of();
        private List<String> cmd;
        private Map<String, String> labels = Map.of();

        private Builder() {}

        public Builder layer(LayerSpec spec) {
            layers.add(spec);
            return this;
        }

        /** A layer of everything under {@code dir}. */
        public Builder layer(Path dir) {
            return layer(tree(dir));
        }

        public Builder compression(Compression c) {
            this.compression = c;
            return this;
        }

        public Builder platform(Platform p) {
            this.platform = p;
            return this;
        }

        /** {@code os/arch[/variant]}. */
        public Builder platform(String p) {
            return platform(Platform.parse(p));
        }

        public Builder env(String... vars) {
            this.env = List.of(vars);
            return this;
        }

        public Builder cmd(String... args) {
            this.cmd = List.of(args);
            return this;
        }

        public Builder labels(Map<String, String> l) {
            this.labels = Map.copyOf(l);
            return this;
        }

        /** Writes the blobs and manifest into {@code layout} without naming it in index.json. */
        public TestImage writeBlobs(OciLayout layout) throws IOException {
            List<WrittenLayer> written = new ArrayList<>();
            List<History> history = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                written.add(writeLayer(layout, layers.get(i), compression));
                history.add(new History(CREATED, "test layer " + i, null, null, null));
            }
            if (layers.isEmpty()) {
                history.add(new History(CREATED, "empty test image", null, null, true));
            }
            ContainerConfig cc = new ContainerConfig(null, null, env, null, cmd, null, null, labels,
                    null, null, null, null, null);
            ImageConfig config = new ImageConfig(CREATED, null, platform.architecture(), platform.os(), null, null,
                    platform.variant(), cc, new RootFs("layers", written.stream().map(WrittenLayer::diffId).toList()),
                    history);
            byte[] rawConfig = Json.write(config);
            Descriptor configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, rawConfig);
            RawManifest manifest = RawManifest.of(Manifest.oci(configDescriptor,
                    written.stream().map(WrittenLayer::descriptor).toList()));
            layout.blobs().put(manifest.mediaType(), manifest.bytes());
            return new TestImage(manifest, configDescriptor, rawConfig, config, List.copyOf(written));
        }

        /** Writes the image into {@code layout} and tags it {@code refName} in index.json. */
        public TestImage write(OciLayout layout, String refName) throws IOException {
            TestImage image = writeBlobs(layout);
            layout.tag(refName, image.descriptor());
            return image;
        }
    }

    /** Writes one layer in memory (test layers are small) and stores it verified. */
    public static WrittenLayer writeLayer(OciLayout layout, LayerSpec spec, Compression compression) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WrittenLayer layer;
        try (LayerWriter w = LayerWriter.open(bytes, compression, LayerOptions.reproducible(Instant.EPOCH))) {
            spec.addTo(w);
            layer = w.finish();
        }
        layout.blobs().put(layer.descriptor(), new ByteArrayInputStream(bytes.toByteArray()));
        return layer;
    }

    /**
     * Writes two small images, linux/amd64 and linux/arm64 (each one layer naming its platform),
     * and an OCI index of both with their platforms; tags the index {@code refName}.
     */
    public static TestIndex multiPlatform(OciLayout layout, String refName) throws IOException {
        TestImage amd64 = image().platform("linux/amd64").layer(file("etc/arch", "amd64")).cmd("/bin/sh").writeBlobs(layout);
        TestImage arm64 = image().platform("linux/arm64/v8").layer(file("etc/arch", "arm64")).cmd("/bin/sh").writeBlobs(layout);
        RawManifest index = RawManifest.of(ImageIndex.oci(List.of(
                amd64.descriptor().withPlatform(Platform.of("linux", "amd64", null)),
                arm64.descriptor().withPlatform(Platform.of("linux", "arm64", "v8")))));
        layout.blobs().put(index.mediaType(), index.bytes());
        layout.tag(refName, index.descriptor());
        return new TestIndex(index, amd64, arm64);
    }
}
