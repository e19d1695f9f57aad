package dev.pier.build.java;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An executable jar ({@code java -jar app.jar}) as an application: the main class from its
 * manifest's {@code Main-Class}, the dependencies from its {@code Class-Path} (relative to the
 * jar's directory), and the jar itself <em>exploded</em> into classes and resources.
 *
 * <p>Why explode rather than keep the jar as one layer: then a change to one class changes only
 * the classes layer, the resources layer stays the same, and the entrypoint is the same
 * {@code -cp /app/resources:/app/classes:/app/libs/*} for every kind of input (Jib's CLI does the
 * same for a plain jar). The manifest itself is left out: {@code Class-Path} would point at
 * paths that do not exist in the image.
 */
public final class ExecutableJar {
    private ExecutableJar() {}

    /**
     * Reads {@code jar} and explodes it below {@code workDir} (in a directory named by the jar's
     * SHA-256, reused when it exists), returning the application.
     */
    public static JavaApp open(Path jar, Path workDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new PierException(jar + ": no such jar");
        }
        Manifest manifest;
        try (JarFile jf = new JarFile(jar.toFile())) {
            manifest = jf.getManifest();
        } catch (java.util.zip.ZipException e) {
            throw new PierException(jar + " is not a jar: " + e.getMessage());
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        List<Path> deps = classPath(jar, main.getValue(Attributes.Name.CLASS_PATH));
        Path exploded = workDir.resolve("exploded").resolve(sha256(jar));
        if (!Files.isDirectory(exploded)) {
            explode(jar, exploded);
        }
        return new JavaApp(deps.stream().filter(p -> !JavaApp.isSnapshot(p)).toList(),
                deps.stream().filter(JavaApp::isSnapshot).toList(), List.of(exploded),
                Optional.ofNullable(main.getValue(Attributes.Name.MAIN_CLASS)).map(String::trim));
    }

    private static List<Path> classPath(Path jar, String value) {
        List<Path> deps = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return deps;
        }
        Path dir = jar.toAbsolutePath().getParent();
        for (String entry : value.trim().split("\\s+")) {
            Path p = dir.resolve(java.net.URLDecoder.decode(entry, java.nio.charset.StandardCharsets.UTF_8)).normalize();
            if (Files.isDirectory(p)) {
                throw new PierException(jar + ": Class-Path entry " + entry + " is a directory; only jars are supported");
            }
            if (!Files.isRegularFile(p)) {
                throw new PierException(jar + ": Class-Path entry " + entry + " not found at " + p);
            }
            deps.add(p);
        }
        return deps;
    }

    /** Extracts every entry but the manifest, refusing names that would leave the target. */
    private static void explode(Path jar, Path target) throws IOException {
        Path staging = Files.createDirectories(target.getParent()).resolve(".tmp-" + target.getFileName() + "-" + System.nanoTime());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    continue;
                }
                Path out = staging.resolve(name).normalize();
                if (!out.startsWith(staging) || name.startsWith("/") || name.contains("\\")) {
                    throw new PierException(jar + ": entry " + name + " would be written outside the application");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                try (var walk = Files.walk(staging)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return dev.pier.image.digest.Digest.of(dev.pier.image.digest.DigestAlgorithm.SHA256, in).encoded();
        }
    }
}
