package dev.pier.build.java;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The content of one layer to build: a name (for history and messages) and its entries. The
 * parent directories of every entry are added (mode 0755) and entries are sorted by path, so the
 * order never depends on the file system or on the order inputs were given.
 *
 * @param name what the layer holds, e.g. {@code dependencies}
 * @param entries the entries, sorted, with their parent directories
 */
public record LayerSpec(String name, List<LayerEntry> entries) {

    public LayerSpec {
        Map<String, LayerEntry> byPath = new TreeMap<>();
        for (LayerEntry e : entries) {
            LayerEntry previous = byPath.put(e.path(), e);
            if (previous != null && !previous.equals(e)) {
                throw new dev.pier.image.PierException("layer " + name + ": two inputs for " + e.path()
                        + " (" + describe(previous) + " and " + describe(e) + ")");
            }
            for (String p = parent(e.path()); !p.equals("/"); p = parent(p)) {
                byPath.putIfAbsent(p, LayerEntry.directory(p, 0755));
            }
        }
        entries = List.copyOf(byPath.values());
    }

    /** True when the layer has no file or symlink (only directories, or nothing). */
    public boolean isEmpty() {
        return entries.stream().allMatch(e -> e.kind() == LayerEntry.Kind.DIRECTORY);
    }

    /** Files copied into {@code targetDir} under their own file names (jars into {@code /app/libs}). */
    public static LayerSpec ofFiles(String name, Collection<Path> files, String targetDir) {
        List<LayerEntry> entries = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new dev.pier.image.PierException("layer " + name + ": " + f + " is not a file");
            }
            entries.add(LayerEntry.file(targetDir + "/" + f.getFileName(), f, 0644));
        }
        return new LayerSpec(name, entries);
    }

    /**
     * Everything under {@code dir} below {@code targetDir}: files 0644 (0755 when
     * {@code keepExecutable} and the host file is executable), directories 0755, symlinks as they
     * are. A missing directory gives an empty layer spec.
     */
    public static LayerSpec ofTree(String name, Path dir, String targetDir, boolean keepExecutable) {
        return ofTree(name, dir, targetDir, keepExecutable, null);
    }

    /**
     * As {@link #ofTree(String, Path, String, boolean)}, keeping only the files and symlinks whose
     * path relative to {@code dir} passes {@code include}; directories then appear only as parents
     * of what is kept. A null filter keeps everything, empty directories included.
     */
    public static LayerSpec ofTree(String name, Path dir, String targetDir, boolean keepExecutable,
                                   java.util.function.Predicate<String> include) {
        List<LayerEntry> entries = new ArrayList<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (p.equals(dir)) {
                        continue;
                    }
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    String target = targetDir + "/" + rel;
                    boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                    if (include != null && (isDir || !include.test(rel))) {
                        continue;
                    }
                    if (Files.isSymbolicLink(p)) {
                        entries.add(LayerEntry.symlink(target, Files.readSymbolicLink(p).toString()));
                    } else if (isDir) {
                        entries.add(LayerEntry.directory(target, 0755));
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        boolean exec = keepExecutable && Files.isExecutable(p);
                        entries.add(LayerEntry.file(target, p, exec ? 0755 : 0644));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        return new LayerSpec(name, entries);
    }

    /** This layer with more entries. */
    public LayerSpec plus(List<LayerEntry> more) {
        return new LayerSpec(name, Stream.concat(entries.stream(), more.stream()).toList());
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String describe(LayerEntry e) {
        return e.source() != null ? e.source().toString() : e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
