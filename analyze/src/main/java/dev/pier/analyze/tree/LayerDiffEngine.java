package dev.pier.analyze.tree;

import dev.pier.image.transport.Image;
import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer-diff engine shared by analyze, squash and scan: reads an image's layers in order
 * (streaming, verifying each diff_id), stacks them into a {@link FileTree}, and records what each
 * layer added, changed and removed.
 */
public final class LayerDiffEngine {
    private LayerDiffEngine() {}

    /** Diffs every layer of {@code image}, keeping only the final tree. */
    public static ImageDiff diff(Image image) throws IOException {
        return diff(image, ContentVisitor.NONE, false);
    }

    /**
     * Diffs every layer of {@code image}.
     *
     * @param visitor sees every regular file's content as it streams by
     * @param keepTrees whether to keep a snapshot of the flattened tree after each layer
     */
    public static ImageDiff diff(Image image, ContentVisitor visitor, boolean keepTrees) throws IOException {
        List<Layer> layers = image.layers();
        FileTree tree = new FileTree();
        List<LayerDiff> diffs = new ArrayList<>();
        List<FileTree> trees = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<LayerEntry> entries;
            try (InputStream in = layer.openUncompressed()) {
                entries = LayerTarReader.read(in, i, "layer " + layer.digest(), visitor);
                in.transferTo(java.io.OutputStream.nullOutputStream()); // to the end, so the diff_id is verified
            }
            diffs.add(new LayerDiff(i, layer.digest(), layer.diffId(), layer.size(), entries, tree.apply(i, entries)));
            if (keepTrees) {
                trees.add(tree.snapshot());
            }
        }
        return new ImageDiff(diffs, trees, tree);
    }
}
