package dev.pier.build.java;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.tools.ToolProvider;

/** Small Java applications for tests, compiled with the JDK's compiler. */
final class TestApps {
    private TestApps() {}

    /** The source of {@code app.Main}: prints {@code message} and the Java version; {@code serve PORT} answers HTTP. */
    static String mainSource(String message) {
        return """
                package app;
                public class Main {
                    public static void main(String[] args) throws Exception {
                        if (args.length == 2 && args[0].equals("serve")) {
                            var server = com.sun.net.httpserver.HttpServer.create(
                                    new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 0);
                            server.createContext("/", ex -> {
                                byte[] body = "%1$s\\n".getBytes();
                                ex.sendResponseHeaders(200, body.length);
                                ex.getResponseBody().write(body);
                                ex.close();
                            });
                            server.start();
                            System.out.println("listening");
                            return;
                        }
                        String res = new String(Main.class.getResourceAsStream("/app.properties").readAllBytes()).strip();
                        System.out.println("%1$s " + res + " java " + System.getProperty("java.version")
                                + " user " + System.getProperty("user.name"));
                    }
                }
                """.formatted(message);
    }

    /** Compiles {@code sources} (class name → source) into {@code out}. */
    static Path compile(Map<String, String> sources, Path out) throws IOException {
        Path src = Files.createTempDirectory("pier-test-src");
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "21"));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        Files.createDirectories(out);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        try (var walk = Files.walk(src)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (status != 0) {
            throw new IllegalStateException("javac failed");
        }
        return out;
    }

    /** A jar holding the given entries (name → text), with an optional manifest. */
    static Path jar(Path file, Map<String, String> entries, Map<String, String> manifest) throws IOException {
        var m = new java.util.jar.Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setTime(0);
                jar.putNextEntry(z);
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    /** Adds every file under {@code dir} to a jar at {@code file}. */
    static Path jarOf(Path dir, Path file, Map<String, String> manifest) throws IOException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
        }
        var m = new java.util.jar.Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (String name : names) {
                jar.putNextEntry(new ZipEntry(name));
                jar.write(Files.readAllBytes(dir.resolve(name)));
                jar.closeEntry();
            }
        }
        return file;
    }

    /** A project layout: classes (with app.properties), a release jar and a snapshot jar. */
    record App(Path classes, Path resources, Path classesOnly, List<Path> jars) {}

    static App create(Path root, String message) throws IOException {
        Path classesOnly = compile(Map.of("app.Main", mainSource(message), "app.Util",
                "package app; public class Util { static int x() { return 1; } }"), root.resolve("classes-only"));
        Path resources = Files.createDirectories(root.resolve("resources"));
        Files.writeString(resources.resolve("app.properties"), "resource-ok\n");
        Files.createDirectories(resources.resolve("static"));
        Files.writeString(resources.resolve("static/index.html"), "<p>hi</p>\n");
        Path classes = root.resolve("classes");
        copyTree(classesOnly, classes);
        copyTree(resources, classes);
        Path lib = jar(root.resolve("deps/lib-1.0.jar"), Map.of("lib/A.txt", "a"), Map.of());
        Path snap = jar(root.resolve("deps/snap-2.0-SNAPSHOT.jar"), Map.of("snap/B.txt", "b"), Map.of());
        return new App(classes, resources, classesOnly, List.of(lib, snap));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
