package dev.pier.build.jlink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JDK modules an application uses, from
 * {@code jdeps --print-module-deps --ignore-missing-deps --multi-release <N> --class-path <jars> <targets>}.
 * {@code java.base} is always in the result.
 */
public final class ModuleDeps {
    private ModuleDeps() {}

    /**
     * Analyses the output directories and jars of an application. The jars are analysed on their
     * own, the result cached in {@code cacheDir/jdeps} under the SHA-256 of their contents (jdeps
     * takes seconds on a few megabytes of jars); the class directories, which change at every
     * build, are analysed apart, their references into the jars left to the first analysis.
     *
     * @param outputDirectories class directories (skipped when they hold no class)
     * @param jars dependency jars
     * @param cacheDir where results for jars are kept, or null for no cache
     */
    public static SortedSet<String> of(List<Path> outputDirectories, List<Path> jars, Path cacheDir) throws java.io.IOException {
        SortedSet<String> modules = new TreeSet<>(List.of("java.base"));
        List<String> dirs = new ArrayList<>();
        for (Path dir : outputDirectories) {
            if (holdsClasses(dir)) {
                dirs.add(dir.toString());
            }
        }
        if (!dirs.isEmpty()) {
            modules.addAll(jdeps(List.of(), dirs));
        }
        if (!jars.isEmpty()) {
            Path cached = cacheDir == null ? null : cacheDir.resolve("jdeps").resolve(key(jars) + ".txt");
            if (cached != null && Files.isRegularFile(cached)) {
                modules.addAll(parse(Files.readString(cached)));
            } else {
                SortedSet<String> found = jdeps(jars, jars.stream().map(Path::toString).toList());
                modules.addAll(found);
                if (cached != null) {
                    Files.createDirectories(cached.getParent());
                    Path tmp = Files.createTempFile(cached.getParent(), ".jdeps-", ".tmp");
                    Files.writeString(tmp, String.join(",", found));
                    Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        return modules;
    }

    /** As {@link #of(List, List, Path)} without a cache. */
    public static SortedSet<String> of(List<Path> outputDirectories, List<Path> jars) throws java.io.IOException {
        return of(outputDirectories, jars, null);
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

    private static String key(List<Path> jars) throws java.io.IOException {
        StringBuilder all = new StringBuilder("jdeps-v1 " + Runtime.version() + "\n");
        for (Path j : jars.stream().sorted().toList()) {
            try (var in = Files.newInputStream(j)) {
                var md = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
                all.append(java.util.HexFormat.of().formatHex(md.digest())).append('\n');
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return dev.pier.image.digest.Digest.sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).encoded();
    }

    private static boolean holdsClasses(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var walk = Files.walk(dir)) {
            return walk.anyMatch(p -> p.toString().endsWith(".class"));
        }
    }
}
