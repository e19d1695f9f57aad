package dev.pier.analyze.efficiency;

import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.FileTree;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The largest files and directories of a flattened tree. */
public final class Largest {
    private Largest() {}

    /** A path and its size (for a directory, the sum of the files below it). */
    public record PathSize(String path, long size) {}

    public static List<PathSize> files(FileTree tree, int limit) {
        return tree.entries().stream().filter(FileEntry::isRegularFile)
                .sorted(Comparator.comparingLong(FileEntry::size).reversed().thenComparing(FileEntry::path))
                .limit(limit).map(f -> new PathSize("/" + f.path(), f.size())).toList();
    }

    public static List<PathSize> directories(FileTree tree, int limit) {
        return directorySizes(tree).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(e -> new PathSize("/" + e.getKey(), e.getValue())).toList();
    }

    /** Every directory's total, by path (without the root). */
    public static Map<String, Long> directorySizes(FileTree tree) {
        Map<String, Long> sizes = new HashMap<>();
        for (FileEntry f : tree.entries()) {
            if (f.size() == 0) {
                continue;
            }
            String p = f.path();
            for (int slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
                sizes.merge(p.substring(0, slash), f.size(), Long::sum);
            }
        }
        return sizes;
    }
}
