package dev.pier.runtime;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts runc and pier-runc (this module's classes, in a new JVM) with a test's own state root. */
final class Runtimes {
    private Runtimes() {}

    /** {@code pier-runc --root <root> args...}. */
    static Exec pierRunc(Path root, String... args) {
        return pierRunc(List.of(System.getProperty("java.class.path").split(File.pathSeparator)), root, args);
    }

    /**
     * This JVM's class path copied under {@code dir} (made world-readable), for a pier-runc whose
     * init runs as another host uid than root: the test's class path is under a directory only
     * root may read.
     */
    static List<String> readableClassPath(Path dir) {
        try {
            List<String> classpath = new ArrayList<>();
            Path cp = java.nio.file.Files.createDirectories(dir);
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path target = cp.resolve(n++ + "-" + Path.of(entry).getFileName());
                Exec.of("cp", "-r", entry, target.toString()).check();
                classpath.add(target.toString());
            }
            Exec.of("chmod", "-R", "a+rX", cp.toString()).check();
            return classpath;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code pier-runc --root <root> args...} with the classes of {@code classpath}. */
    static Exec pierRunc(List<String> classpath, Path root, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, classpath), "dev.pier.runtime.cli.PierRunc",
                "--root", root.toString()));
        cmd.addAll(List.of(args));
        return Exec.of(cmd);
    }

    /** {@code runc --root <root> args...}. */
    static Exec runc(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("runc").toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return Exec.of(cmd);
    }
}
