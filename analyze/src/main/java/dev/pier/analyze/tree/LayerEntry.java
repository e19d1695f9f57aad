package dev.pier.analyze.tree;

/**
 * What one tar entry of a layer does: put an entry, remove a path of lower layers (a whiteout),
 * or hide everything lower layers put in a directory (an opaque marker).
 */
public sealed interface LayerEntry {
    /** The path the entry is about (for an opaque marker, its directory; {@code ""} is the root). */
    String path();

    /** Puts a file, directory, link or special file. */
    record Put(FileEntry entry) implements LayerEntry {
        @Override
        public String path() {
            return entry.path();
        }
    }

    /** {@code dir/.wh.name}: removes {@code dir/name} (and everything below it) of lower layers. */
    record Whiteout(String path) implements LayerEntry {}

    /** {@code dir/.wh..wh..opq}: removes everything lower layers put below {@code path}. */
    record Opaque(String path) implements LayerEntry {}
}
