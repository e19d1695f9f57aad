package dev.pier.analyze.squash;

import dev.pier.analyze.tree.ContentVisitor;
import dev.pier.analyze.tree.FileTree;
import dev.pier.analyze.tree.LayerEntry;
import dev.pier.analyze.tree.LayerTarReader;
import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.spec.RootFs;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.Layer;
import dev.pier.image.transport.OciLayoutSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Squashes the top layers of an image into one, leaving out what whiteouts and later layers hid.
 * The base layers are kept as they are; the config's diff_ids end with the new layer's, and its
 * history stays coherent: the squashed steps are kept, marked {@code empty_layer} with a comment,
 * and one new step carries the new layer.
 */
public final class ImageSquasher {
    /** The comment on history entries whose layer was squashed. */
    public static final String SQUASHED_COMMENT = "squashed by pier into a later layer";

    private ImageSquasher() {}

    /** Squashes {@code image} and writes the result to {@code destination} (committed). */
    public static SquashResult squash(Image image, SquashRange range, ImageDestination destination) throws IOException {
        List<Layer> layers = image.layers();
        int start = range.start(layers);
        Path work = Files.createTempDirectory("pier-squash-");
        try {
            List<List<LayerEntry>> entries = new ArrayList<>();
            FileTree tree = new FileTree();
            FileTree base = new FileTree();
            for (int i = 0; i < layers.size(); i++) {
                if (i == start) {
                    base = tree.snapshot();
                }
                try (InputStream in = layers.get(i).openUncompressed()) {
                    entries.add(LayerTarReader.read(in, i, "layer " + layers.get(i).digest(), ContentVisitor.NONE));
                    in.transferTo(OutputStream.nullOutputStream());
                }
                tree.apply(i, entries.get(i));
            }
            OciLayout layout = OciLayout.openOrCreate(work.resolve("layout"));
            Path layerFile = work.resolve("layer");
            WrittenLayer written;
            try (OutputStream out = Files.newOutputStream(layerFile);
                 LayerWriter w = LayerWriter.open(out, Compression.GZIP, LayerOptions.preserveTimes().withXattrs(false))) {
                SquashedLayerWriter.write(w, layers, start, entries, base, tree);
                written = w.finish();
            }
            layout.blobs().putFromFile(written.descriptor(), layerFile);
            List<Descriptor> descriptors = new ArrayList<>();
            List<Digest> diffIds = new ArrayList<>();
            for (Layer l : layers.subList(0, start)) {
                try (InputStream in = l.openCompressed()) {
                    layout.blobs().put(l.descriptor(), in);
                }
                descriptors.add(l.descriptor());
                diffIds.add(l.diffId());
            }
            descriptors.add(written.descriptor());
            diffIds.add(written.diffId());
            ImageConfig config = image.config().withRootFs(new RootFs("layers", diffIds))
                    .withHistory(history(image.config(), start, layers.size()));
            Descriptor configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, Json.write(config));
            RawManifest manifest = RawManifest.of(Manifest.oci(configDescriptor, descriptors));
            layout.tag("squashed", layout.blobs().put(MediaType.OCI_MANIFEST, manifest.bytes()));
            try (var src = new OciLayoutSource(layout, Optional.of("squashed"), "squashed image")) {
                ImageCopier.copy(src, destination, CopyOptions.defaults(), CopyListener.NONE);
            }
            return new SquashResult(manifest.descriptor(), layers.size(), start + 1, layers.size() - start, written.warnings());
        } finally {
            deleteTree(work);
        }
    }

    /** The history with the steps of layers {@code start..} marked empty and one step for the new layer. */
    static List<History> history(ImageConfig config, int start, int layerCount) {
        List<History> out = new ArrayList<>();
        int layer = 0;
        for (History h : config.history()) {
            boolean squashed = layer >= start;
            if (!h.isEmptyLayer()) {
                layer++;
            }
            if (squashed && !h.isEmptyLayer()) {
                String comment = h.comment() == null || h.comment().isEmpty() ? SQUASHED_COMMENT : h.comment() + "; " + SQUASHED_COMMENT;
                out.add(new History(h.created(), h.createdBy(), h.author(), comment, true));
            } else {
                out.add(h);
            }
        }
        String what = start == 0 ? "all " + layerCount + " layers" : "layers " + (start + 1) + "-" + layerCount + " of " + layerCount;
        out.add(new History(config.created(), "pier squash (" + what + ")", null, null, null));
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        dev.pier.image.io.FileTrees.delete(dir);
    }
}
