package dev.pier.analyze.slim;

import dev.pier.analyze.trace.ImageTree;
import dev.pier.build.jlink.ElfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The paths a slimmed image keeps: each path the program used, resolved in the image with the
 * symlinks on the way; for every kept ELF file its interpreter and the libraries it needs,
 * transitively; for every kept script the interpreter of its {@code #!} line; and every
 * parent directory. Directories are kept as directories only: their other entries are not.
 */
public final class KeepSet {
    /** Mounted by the runtime over the image: what the program saw there is not the image's. */
    private static final List<String> MOUNTED = List.of("/proc", "/sys", "/dev");

    private final ImageTree tree;
    private final LibrarySearch libraries;
    private final SortedSet<String> kept = new TreeSet<>();
    private final Set<String> examined = new HashSet<>();
    private final Deque<String> pending = new ArrayDeque<>();

    /** An empty set over {@code tree}, finding libraries with {@code libraries}. */
    public KeepSet(ImageTree tree, LibrarySearch libraries) {
        this.tree = tree;
        this.libraries = libraries;
    }

    /**
     * Keeps {@code path} (absolute in the image) if it exists there, with the symlinks that lead to
     * it and, for ELF files and scripts, what they need to run. Paths under the runtime's mounts
     * ({@code /proc}, {@code /sys}, {@code /dev}) are skipped. Returns whether anything was kept.
     */
    public boolean add(String path) {
        if (MOUNTED.stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "/"))) {
            return false;
        }
        ImageTree.Resolution r = tree.resolve(path);
        r.symlinks().forEach(this::keep);
        r.target().ifPresent(t -> {
            keep(t);
            pending.add(t);
        });
        drain();
        return r.target().isPresent() || !r.symlinks().isEmpty();
    }

    /** Keeps {@code path} itself (a mount point such as {@code /proc}) if it exists, without resolving its contents. */
    public void addMountPoint(String path) {
        ImageTree.Resolution r = tree.resolve(path);
        r.symlinks().forEach(this::keep);
        r.target().ifPresent(this::keep);
    }

    /** The kept paths with all their parent directories, sorted ({@code /} excluded). */
    public SortedSet<String> paths() {
        SortedSet<String> all = new TreeSet<>(kept);
        for (String p : kept) {
            for (int slash = p.indexOf('/', 1); slash > 0; slash = p.indexOf('/', slash + 1)) {
                all.add(p.substring(0, slash));
            }
        }
        all.remove("/");
        return all;
    }

    private void keep(String path) {
        if (!path.equals("/")) {
            kept.add(path);
        }
    }

    private void drain() {
        while (!pending.isEmpty()) {
            String file = pending.pop();
            if (!examined.add(file) || !Files.isRegularFile(tree.host(file), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<ElfFile> elf = ElfFile.read(tree.host(file));
            if (elf.isPresent()) {
                elf.get().interpreter().ifPresent(this::addResolved);
                for (String name : elf.get().needed()) {
                    libraries.find(name, file, elf.get()).ifPresent(this::addResolved);
                }
            } else {
                shebang(file).ifPresent(this::addResolved);
            }
        }
    }

    private void addResolved(String path) {
        ImageTree.Resolution r = tree.resolve(path);
        r.symlinks().forEach(this::keep);
        r.target().ifPresent(t -> {
            keep(t);
            pending.add(t);
        });
    }

    /** The interpreter named by a {@code #!} first line. */
    private Optional<String> shebang(String file) {
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(tree.host(file))) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Optional.empty();
        }
        String first = new String(head, 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        if (!first.startsWith("#!")) {
            return Optional.empty();
        }
        String[] words = first.substring(2).strip().split("\\s+");
        return words.length > 0 && words[0].startsWith("/") ? Optional.of(words[0]) : Optional.empty();
    }
}
