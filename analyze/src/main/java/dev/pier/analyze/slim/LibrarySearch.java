package dev.pier.analyze.slim;

import dev.pier.analyze.trace.ImageTree;
import dev.pier.build.jlink.ElfFile;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds shared libraries in an image as its dynamic loader would, without running it: DT_RPATH
 * (when there is no DT_RUNPATH), {@code LD_LIBRARY_PATH} from the image's environment, DT_RUNPATH,
 * the directories of the image's {@code /etc/ld.so.conf} (with its {@code include} globs), then
 * the default directories. {@code $ORIGIN} is replaced by the needing file's directory. A candidate
 * must be an ELF file of the needing file's class and machine, as the loader requires.
 */
public final class LibrarySearch {
    private static final List<String> DEFAULT_DIRS = List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private final ImageTree tree;
    private final List<String> libraryPath;
    private final List<String> configured;

    /** A search over {@code tree}; {@code ldLibraryPath} is the image's LD_LIBRARY_PATH (may be empty). */
    public LibrarySearch(ImageTree tree, String ldLibraryPath) {
        this.tree = tree;
        this.libraryPath = split(ldLibraryPath);
        Set<String> dirs = new LinkedHashSet<>();
        readConf("/etc/ld.so.conf", dirs, 0);
        this.configured = List.copyOf(dirs);
    }

    /**
     * Where library {@code name}, needed by {@code needer} (an absolute image path) whose ELF
     * headers are {@code elf}, is found: the path as the loader opens it (symlinks not resolved).
     */
    public Optional<String> find(String name, String needer, ElfFile elf) {
        if (name.contains("/")) {
            return Optional.of(name.startsWith("/") ? name : parent(needer) + "/" + name);
        }
        List<String> dirs = new ArrayList<>();
        if (elf.runpath().isEmpty()) {
            dirs.addAll(elf.rpath());
        }
        dirs.addAll(libraryPath);
        dirs.addAll(elf.runpath());
        dirs.addAll(configured);
        dirs.addAll(DEFAULT_DIRS);
        for (String dir : dirs) {
            String d = dir.replace("${ORIGIN}", parent(needer)).replace("$ORIGIN", parent(needer));
            if (!d.startsWith("/")) {
                continue;
            }
            String candidate = d.endsWith("/") ? d + name : d + "/" + name;
            Optional<String> real = tree.resolve(candidate).target();
            if (real.isPresent() && Files.isRegularFile(tree.host(real.get()))) {
                Optional<ElfFile> lib = ElfFile.read(tree.host(real.get()));
                if (lib.isPresent() && lib.get().is64() == elf.is64() && lib.get().machine() == elf.machine()) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private void readConf(String path, Set<String> dirs, int depth) {
        Optional<String> real = tree.resolve(path).target();
        if (depth > 8 || real.isEmpty() || !Files.isRegularFile(tree.host(real.get()))) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(tree.host(real.get()), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return;   // an unreadable ld.so.conf only narrows the search
        }
        for (String raw : lines) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.startsWith("include ")) {
                for (String pattern : line.substring(8).strip().split("\\s+")) {
                    included(pattern.startsWith("/") ? pattern : parent(path) + "/" + pattern).forEach(f -> readConf(f, dirs, depth + 1));
                }
            } else if (line.startsWith("/")) {
                dirs.addAll(List.of(line.split("[\\s:,=]+")).stream().filter(d -> d.startsWith("/")).toList());
            }
        }
    }

    /** The files matching an include glob whose wildcards are in the last component only (as Debian's are). */
    private List<String> included(String pattern) {
        String dir = parent(pattern);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(dir.length() + 1));
        Optional<String> real = tree.resolve(dir).target();
        if (real.isEmpty() || !Files.isDirectory(tree.host(real.get()))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tree.host(real.get()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> matcher.matches(Path.of(n))).sorted()
                    .map(n -> dir + "/" + n).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }

    private static List<String> split(String path) {
        return path == null || path.isEmpty() ? List.of() : List.of(path.split(":"));
    }
}
