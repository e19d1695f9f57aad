package dev.pier.image.layer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Remembers which paths (relative to the root, symlinks resolved) the current layer wrote, with
 * their ancestors, so whiteouts and opaque markers remove only what lower layers put there, as
 * the spec requires, whatever the order of entries in the tar.
 */
final class WrittenPaths {
    private final Set<String> written = new HashSet<>();

    /** Records {@code resolved} and all its ancestors as belonging to this layer. */
    void add(List<String> resolved) {
        StringBuilder sb = new StringBuilder();
        for (String c : resolved) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(c);
            written.add(sb.toString());
        }
    }

    /**
     * Removes what lower layers put at {@code path}: all of it if this layer did not write there,
     * else, for a directory, the lower content of each child.
     */
    void pruneLower(Path path, String rel) throws IOException {
        BasicFileAttributes attrs = RootResolver.lstat(path);
        if (attrs == null) {
            return;
        }
        if (!written.contains(rel)) {
            deleteRecursively(path);
        } else if (attrs.isDirectory()) {
            pruneChildren(path, rel);
        }
    }

    /** Removes the lower-layer content of every child of directory {@code dir} (an opaque marker). */
    void pruneChildren(Path dir, String rel) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            pruneLower(child, rel.isEmpty() ? name : rel + "/" + name);
        }
    }

    /** Deletes a file, a symlink (not its target) or a directory tree, following no symlink. */
    static void deleteRecursively(Path path) throws IOException {
        dev.pier.image.io.FileTrees.delete(path);
    }
}
