package dev.pier.analyze;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.History;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.OciLayoutSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Test images for the analyze module: TestImages plus a config rewrite (history, user, env). */
public final class Fixtures {
    private Fixtures() {}

    /** Writes {@code builder}'s image into an OCI layout at {@code dir}, tagged {@code ref}, with its config changed. */
    public static Image write(Path dir, String ref, TestImages.Builder builder, UnaryOperator<ImageConfig> change)
            throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir);
        var written = builder.writeBlobs(layout);
        ImageConfig config = change.apply(written.config());
        var configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, Json.write(config));
        RawManifest manifest = RawManifest.of(written.manifest().asManifest().withConfig(configDescriptor));
        layout.blobs().put(manifest.mediaType(), manifest.bytes());
        layout.tag(ref, manifest.descriptor());
        return open(dir, ref);
    }

    public static Image write(Path dir, String ref, TestImages.Builder builder) throws IOException {
        return write(dir, ref, builder, UnaryOperator.identity());
    }

    public static Image open(Path dir, String ref) throws IOException {
        return new OciLayoutSource(OciLayout.open(dir), Optional.of(ref), "oci:" + dir + ":" + ref).image();
    }

    public static History history(String createdBy, boolean empty) {
        return new History(TestImages.CREATED, createdBy, null, null, empty ? true : null);
    }

    public static UnaryOperator<ImageConfig> history(List<History> history) {
        return c -> c.withHistory(history);
    }

    public static UnaryOperator<ImageConfig> user(String user) {
        return c -> c.withConfig(c.config().toBuilder().user(user).build());
    }

    public static TestImages.LayerSpec bytes(String path, byte[] content, int mode) {
        return w -> w.addFile(path, dev.pier.image.layer.EntryAttributes.of(mode), content.length,
                new ByteArrayInputStream(content));
    }

    public static ContainerConfig config(Image image) {
        return image.config().config();
    }
}
