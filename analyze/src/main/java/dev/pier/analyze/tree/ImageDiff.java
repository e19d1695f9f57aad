package dev.pier.analyze.tree;

import java.util.List;

/**
 * The layer-by-layer view of an image.
 *
 * @param layers what each layer does, base first
 * @param trees the flattened tree after each layer (same order), when asked for; else empty
 * @param tree the flattened tree of the whole image
 */
public record ImageDiff(List<LayerDiff> layers, List<FileTree> trees, FileTree tree) {
    public ImageDiff {
        layers = List.copyOf(layers);
        trees = List.copyOf(trees);
    }
}
