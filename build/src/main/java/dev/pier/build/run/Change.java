package dev.pier.build.run;

import java.nio.file.Path;

/**
 * One entry of a RUN's layer, in layer order (a directory before what it holds).
 *
 * @param path the path in the image, relative, {@code /}-separated
 * @param kind what the entry does
 * @param source the host file whose type and attributes the entry takes ({@link Kind#ENTRY} only)
 */
record Change(String path, Kind kind, Path source) {
    /** What a change does to the lower layers. */
    enum Kind {
        /** Adds or replaces {@code path} with the host file {@code source}. */
        ENTRY,
        /** Removes {@code path} ({@code .wh.<name>}). */
        WHITEOUT,
        /** Hides what lower layers hold in directory {@code path} ({@code .wh..wh..opq}). */
        OPAQUE
    }

    static Change entry(String path, Path source) {
        return new Change(path, Kind.ENTRY, source);
    }

    static Change whiteout(String path) {
        return new Change(path, Kind.WHITEOUT, null);
    }

    static Change opaque(String path) {
        return new Change(path, Kind.OPAQUE, null);
    }

    static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
