package dev.pier.build.jlink;

import dev.pier.build.context.FileHashes;
import dev.pier.image.digest.Digest;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The JDK modules an application uses, from
 * {@code jdeps --print-module-deps --ignore-missing-deps --multi-release <N> --class-path <jars> <targets>}.
 * {@code java.base} is always in the result.
 */
public final class ModuleDeps {
    private ModuleDeps() {}

    /**
     * Analyses the output directories and jars of an application. The jars are analysed on their
     * own and the class directories apart, their references into the jars left to the first
     * analysis; each result is cached in {@code cacheDir/jdeps} under the SHA-256 of what was
     * analysed (jdeps takes seconds on a few megabytes of jars, and a rebuild usually changes
     * nothing it would see).
     *
     * @param outputDirectories class directories (skipped when they hold no class)
     * @param jars dependency jars
     * @param cacheDir where results are kept, or null for no cache
     * @param hashes the content hashes of files, remembered across builds
     */
    public static SortedSet<String> of(List<Path> outputDirectories, List<Path> jars, Path cacheDir, FileHashes hashes)
            throws IOException {
        SortedSet<String> modules = new TreeSet<>(List.of("java.base"));
        List<Path> classFiles = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (Path dir : outputDirectories) {
            List<Path> classes = classFiles(dir);
            if (!classes.isEmpty()) {
                dirs.add(dir.toString());
                classFiles.addAll(classes);
            }
        }
        if (!dirs.isEmpty()) {
            modules.addAll(cached(cacheDir, key(classFiles, hashes), () -> jdeps(List.of(), dirs)));
        }
        if (!jars.isEmpty()) {
            modules.addAll(cached(cacheDir, key(jars, hashes), () -> jdeps(jars, jars.stream().map(Path::toString).toList())));
        }
        return modules;
    }

    private static SortedSet<String> cached(Path cacheDir, String key, Supplier<SortedSet<String>> analysis) throws IOException {
        Path cached = cacheDir == null ? null : cacheDir.resolve("jdeps").resolve(key + ".txt");
        if (cached != null && Files.isRegularFile(cached)) {
            return parse(Files.readString(cached));
        }
        SortedSet<String> found = analysis.get();
        if (cached != null) {
            Files.createDirectories(cached.getParent());
            AtomicFile.write(cached, String.join(",", found).getBytes(StandardCharsets.UTF_8));
        }
        return found;
    }

    private static SortedSet<String> jdeps(List<Path> classPath, List<String> targets) {
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(Runtime.version().feature())));
        if (!classPath.isEmpty()) {
            args.add("--class-path");
            args.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        }
        args.addAll(targets);
        String out = Tools.run("jdeps", args);
        return parse(out.strip().lines().reduce((a, b) -> b).orElse(""));
    }

    private static SortedSet<String> parse(String line) {
        SortedSet<String> modules = new TreeSet<>();
        Arrays.stream(line.split(",")).map(String::strip).filter(s -> s.matches("[a-zA-Z0-9_.]+")).forEach(modules::add);
        return modules;
    }

    /** What jdeps would see: the JDK, and each file's path and content. */
    private static String key(List<Path> files, FileHashes hashes) throws IOException {
        StringBuilder all = new StringBuilder("jdeps-v2 " + Runtime.version() + "\n");
        for (Path f : files.stream().sorted().toList()) {
            all.append(f.toAbsolutePath()).append(' ').append(hashes.sha256(f).encoded()).append('\n');
        }
        return Digest.sha256(all.toString().getBytes(StandardCharsets.UTF_8)).encoded();
    }

    private static List<Path> classFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
