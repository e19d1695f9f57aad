package dev.pier.build.jlink;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;

/**
 * A Java runtime made by {@code jlink} from the JDK Pier runs on:
 * {@code jlink --add-modules <mods> --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output <dir>}.
 * jlink reads the JDK's {@code jmods/} when present; JDK 24 and later built with
 * {@code --enable-linkable-runtime} (Temurin 25 is) link from the run-time image itself.
 * Runtimes are cached under {@code cacheDir/jlink/<key>}, the key being the JDK's version and
 * home and the sorted module list, since linking takes seconds and its output is the same.
 */
public final class JlinkRuntime {
    /** The options besides {@code --add-modules} and {@code --output}. */
    public static final List<String> OPTIONS = List.of("--strip-debug", "--no-man-pages", "--no-header-files", "--compress=zip-6");

    private JlinkRuntime() {}

    /** The runtime directory for {@code modules}, linked now or found in the cache. */
    public static Path link(SortedSet<String> modules, Path cacheDir) throws IOException {
        if (modules.isEmpty()) {
            throw new PierException("jlink: no modules to link");
        }
        Path dir = cacheDir.resolve("jlink").resolve(key(modules));
        if (Files.isRegularFile(dir.resolve("bin/java")) && Files.isRegularFile(dir.resolve("release"))) {
            return dir;
        }
        Files.createDirectories(dir.getParent());
        Path staging = dir.getParent().resolve(".tmp-" + dir.getFileName() + "-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", modules)));
        args.addAll(OPTIONS);
        args.addAll(List.of("--output", staging.toString()));
        try {
            Tools.run("jlink", args);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            // another build linked the same runtime first
        } finally {
            deleteTree(staging);
        }
        return dir;
    }

    static String key(SortedSet<String> modules) {
        String text = "jlink-v1\n" + System.getProperty("java.home") + "\n" + Runtime.version() + "\n"
                + System.getProperty("java.vendor") + "\n" + OPTIONS + "\n" + String.join(",", modules);
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        dev.pier.image.io.FileTrees.delete(dir);
    }
}
