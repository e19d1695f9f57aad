package dev.pier.build.java;

import dev.pier.image.PierException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a Java application that go into an image, each in its own layer.
 *
 * @param dependencies release jars, for {@code /app/libs}
 * @param snapshotDependencies {@code -SNAPSHOT} jars, for {@code /app/libs} in a layer of their own
 * @param outputDirectories directories of compiled output (classes and resources mixed, as Maven's
 *     {@code target/classes} or an exploded jar): {@code .class} files go to {@code /app/classes},
 *     everything else to {@code /app/resources}
 * @param mainClass the class to run, when known
 */
public record JavaApp(List<Path> dependencies, List<Path> snapshotDependencies, List<Path> outputDirectories,
                      Optional<String> mainClass) {

    public JavaApp {
        dependencies = List.copyOf(dependencies);
        snapshotDependencies = List.copyOf(snapshotDependencies);
        outputDirectories = List.copyOf(outputDirectories);
        mainClass = mainClass == null ? Optional.empty() : mainClass;
    }

    /** True for a jar of a snapshot version ({@code *-SNAPSHOT*.jar}), which Jib layers apart. */
    public static boolean isSnapshot(Path jar) {
        String name = jar.getFileName().toString();
        return name.contains("-SNAPSHOT") && name.endsWith(".jar");
    }

    /**
     * An application given as a class path and a main class, as {@code java -cp CP MAIN} would
     * run it: jars become dependencies (snapshots apart), directories output directories.
     */
    public static JavaApp ofClasspath(List<Path> classpath, String mainClass) {
        List<Path> jars = classpath.stream().filter(p -> !java.nio.file.Files.isDirectory(p)).toList();
        for (Path p : jars) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new PierException("class path entry " + p + " does not exist");
            }
        }
        List<Path> dirs = classpath.stream().filter(java.nio.file.Files::isDirectory).toList();
        return new JavaApp(jars.stream().filter(p -> !isSnapshot(p)).toList(),
                jars.stream().filter(JavaApp::isSnapshot).toList(), dirs, Optional.ofNullable(mainClass));
    }

    /** The same application with another main class. */
    public JavaApp withMainClass(String newMainClass) {
        return new JavaApp(dependencies, snapshotDependencies, outputDirectories, Optional.ofNullable(newMainClass));
    }
}
