package dev.pier.build.jlink;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The host's shared libraries a set of ELF files needs, found as {@code ld.so} finds them without
 * a cache: each {@code DT_NEEDED} name is looked up in the runtime's own directories first (what
 * {@code $ORIGIN} run paths reach), then in the default directories. The result maps each path
 * in the image to the host file holding it, the dynamic loader ({@code PT_INTERP}) included, so
 * the files can be copied into an image that has no base.
 */
public final class SharedLibraries {
    /** The directories {@code ld.so} searches by default on Debian's x86_64 (multiarch first). */
    public static final List<String> DEFAULT_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    /**
     * Libraries glibc loads with {@code dlopen} rather than {@code DT_NEEDED}: {@code libgcc_s} for
     * thread cancellation and unwinding. Added when the host has them.
     */
    public static final List<String> DLOPENED = List.of("libgcc_s.so.1");

    private final List<Path> searchDirs;

    /** A resolver searching {@code searchDirs} (host paths, also used as the paths in the image). */
    public SharedLibraries(List<Path> searchDirs) {
        this.searchDirs = List.copyOf(searchDirs);
    }

    /** A resolver over {@link #DEFAULT_DIRS}. */
    public static SharedLibraries host() {
        return new SharedLibraries(DEFAULT_DIRS.stream().map(Path::of).toList());
    }

    /**
     * Everything outside {@code runtimeDir} that the ELF files inside it need: image path →
     * host file (symlinks resolved, so the image gets regular files).
     */
    public Map<String, Path> neededBy(Path runtimeDir) throws IOException {
        Set<String> provided = new TreeSet<>();
        Deque<Path> queue = new ArrayDeque<>();
        try (Stream<Path> walk = Files.walk(runtimeDir)) {
            for (Path p : walk.filter(ElfFile::isElf).sorted().toList()) {
                provided.add(p.getFileName().toString());
                queue.add(p);
            }
        }
        Map<String, Path> result = new TreeMap<>();
        Set<String> seen = new TreeSet<>(provided);
        for (String name : DLOPENED) {
            find(name).ifPresent(found -> {
                seen.add(name);
                queue.add(found);
                result.put(found.toString(), real(found));
            });
        }
        while (!queue.isEmpty()) {
            Path file = queue.poll();
            ElfFile elf = ElfFile.require(file);
            if (elf.interpreter().isPresent()) {
                String interp = elf.interpreter().get();
                Path host = Path.of(interp);
                if (!Files.isRegularFile(host)) {
                    throw new PierException(file + " needs the dynamic loader " + interp + ", which this host does not have");
                }
                result.put(interp, real(host));
            }
            for (String needed : elf.needed()) {
                if (!seen.add(needed)) {
                    continue;
                }
                Path found = find(needed).orElseThrow(() -> new PierException(
                        file + " needs " + needed + ", found in none of " + searchDirs));
                result.put(found.toString(), real(found));
                queue.add(found);
            }
        }
        return result;
    }

    private java.util.Optional<Path> find(String soname) {
        if (soname.contains("/")) {
            Path p = Path.of(soname);
            return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
        }
        return searchDirs.stream().map(d -> d.resolve(soname)).filter(Files::isRegularFile).findFirst();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new PierException("cannot resolve " + p + ": " + e.getMessage());
        }
    }
}
