package dev.pier.analyze.tree;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sees the content of every regular file while layers are read, so scanners need no second pass.
 * The stream ends with the file; the visitor need not read it all and must not close it.
 */
@FunctionalInterface
public interface ContentVisitor {
    /** A visitor that reads nothing. */
    ContentVisitor NONE = (layer, entry, content) -> { };

    /**
     * Called for each regular file of each layer, in tar order.
     *
     * @param layer the layer's index (0 is the base)
     * @param entry the file (its {@code contentDigest} is not known yet and is null)
     * @param content the file's bytes
     */
    void visit(int layer, FileEntry entry, InputStream content) throws IOException;
}
