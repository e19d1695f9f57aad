package dev.pier.image.layer;

/**
 * Whiteouts as the image spec defines them ({@code layer.md}, "Whiteouts"): an entry named
 * {@code .wh.<name>} removes {@code <name>} of lower layers from its directory, and an entry named
 * {@code .wh..wh..opq} in a directory removes everything lower layers put in that directory.
 * Whiteouts only ever apply to lower layers, never to entries of their own layer.
 *
 * <p>The helpers take a tar entry name (with or without directory part, with or without a
 * trailing slash) and look only at its last component.
 */
public final class Whiteout {
    /** The prefix of every whiteout file name. */
    public static final String PREFIX = ".wh.";
    /** The prefix of names reserved by the whiteout scheme (aufs metadata), which are not content. */
    public static final String META_PREFIX = ".wh..wh.";
    /** The name of the opaque-directory marker. */
    public static final String OPAQUE = ".wh..wh..opq";

    private Whiteout() {}

    /** The last component of a tar name: {@code a/b/.wh.c} gives {@code .wh.c}. */
    public static String baseName(String name) {
        String n = name;
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** The directory part of a tar name, without trailing slash; empty for a top-level name. */
    public static String parent(String name) {
        String n = name;
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        int slash = n.lastIndexOf('/');
        return slash < 0 ? "" : n.substring(0, slash);
    }

    /** True for a whiteout of a single name ({@code .wh.<name>}), false for the opaque marker. */
    public static boolean isWhiteout(String name) {
        String base = baseName(name);
        return base.startsWith(PREFIX) && !base.startsWith(META_PREFIX);
    }

    /** True for the opaque-directory marker {@code .wh..wh..opq}. */
    public static boolean isOpaque(String name) {
        return baseName(name).equals(OPAQUE);
    }

    /** True for any name of the whiteout scheme (whiteout, opaque marker, other {@code .wh..wh.} metadata). */
    public static boolean isWhiteoutScheme(String name) {
        return baseName(name).startsWith(PREFIX);
    }

    /**
     * The path a whiteout removes: {@code a/.wh.b} gives {@code a/b}. Throws
     * IllegalArgumentException for a name that is not a whiteout. The result is not validated:
     * a hostile {@code .wh...} gives {@code ..}, which the caller must reject.
     */
    public static String target(String name) {
        if (!isWhiteout(name)) {
            throw new IllegalArgumentException("not a whiteout: " + name);
        }
        String parent = parent(name);
        String hidden = baseName(name).substring(PREFIX.length());
        return parent.isEmpty() ? hidden : parent + "/" + hidden;
    }

    /** The whiteout entry name that removes {@code path}: {@code a/b} gives {@code a/.wh.b}. */
    public static String whiteoutFor(String path) {
        String parent = parent(path);
        String base = PREFIX + baseName(path);
        return parent.isEmpty() ? base : parent + "/" + base;
    }

    /** The opaque-marker entry name for directory {@code dir} ({@code ""} for the root). */
    public static String opaqueFor(String dir) {
        String parent = dir;
        while (parent.endsWith("/")) {
            parent = parent.substring(0, parent.length() - 1);
        }
        return parent.isEmpty() ? OPAQUE : parent + "/" + OPAQUE;
    }
}
