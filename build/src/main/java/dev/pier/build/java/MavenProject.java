package dev.pier.build.java;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Maven project after {@code mvn package dependency:copy-dependencies}: {@code target/classes}
 * is the output directory and {@code target/dependency} holds the dependency jars. The main class,
 * when not given, comes from the {@code Main-Class} of the project's jar in {@code target/}.
 */
public final class MavenProject {
    private MavenProject() {}

    /** Reads the project's {@code target/} directory. */
    public static JavaApp open(Path projectDir) throws IOException {
        Path target = projectDir.resolve("target");
        Path classes = target.resolve("classes");
        if (!Files.isDirectory(classes)) {
            throw new PierException(projectDir + ": no target/classes; run mvn package dependency:copy-dependencies first");
        }
        List<Path> jars = jarsIn(target.resolve("dependency"));
        return new JavaApp(jars.stream().filter(p -> !JavaApp.isSnapshot(p)).toList(),
                jars.stream().filter(JavaApp::isSnapshot).toList(), List.of(classes), mainClassOfJar(target));
    }

    /** The jars of a directory, sorted by name; none when it does not exist. */
    static List<Path> jarsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static Optional<String> mainClassOfJar(Path target) throws IOException {
        for (Path jar : jarsIn(target)) {
            try (var jf = new java.util.jar.JarFile(jar.toFile())) {
                var m = jf.getManifest();
                String main = m == null ? null : m.getMainAttributes().getValue(java.util.jar.Attributes.Name.MAIN_CLASS);
                if (main != null && !main.isBlank()) {
                    return Optional.of(main.trim());
                }
            }
        }
        return Optional.empty();
    }
}
