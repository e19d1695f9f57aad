package dev.pier.analyze.tree;

/** How a layer changed one path of the flattened tree below it. */
public sealed interface Change {
    /** The path changed. */
    String path();

    /** The entry the path holds after the layer; null when removed. */
    FileEntry after();

    /** The entry the path held before the layer; null when added. */
    FileEntry before();

    /** The path did not exist below this layer. */
    record Added(FileEntry after) implements Change {
        @Override
        public String path() {
            return after.path();
        }

        @Override
        public FileEntry before() {
            return null;
        }
    }

    /** The path existed below and the layer put a new entry there. */
    record Modified(FileEntry before, FileEntry after) implements Change {
        @Override
        public String path() {
            return after.path();
        }
    }

    /** The path existed below and the layer removed it (whiteout, opaque directory, or replaced parent). */
    record Removed(FileEntry before) implements Change {
        @Override
        public String path() {
            return before.path();
        }

        @Override
        public FileEntry after() {
            return null;
        }
    }
}
