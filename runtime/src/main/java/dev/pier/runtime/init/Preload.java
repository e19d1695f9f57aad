package dev.pier.runtime.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the runtime's classes (found on the class path: with an AOT cache a class has no code
 * source location) before pivot_root: afterwards the class path (a jar or a directory
 * on the host) is out of reach, so a class first needed then could not be loaded.
 */
final class Preload {
    private static final String PREFIX = "dev/pier/runtime/";

    private Preload() {}

    /** Loads (and initialises) every class of the runtime module except the command line. */
    static void classes() throws IOException {
        ClassLoader loader = Preload.class.getClassLoader();
        for (String name : names()) {
            try {
                Class.forName(name, !name.contains(".cli.") && !name.contains("$"), loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // a class that cannot load now would not load later either; the init goes on without it
            }
        }
    }

    /**
     * Loads the classes that report a failure, for a thread that leaves the class path's reach
     * (pivot_root, or joining a container's mount namespace) and loads nothing else it lacks.
     */
    static void errorClasses() {
        for (Class<?> c : List.of(dev.pier.runtime.RuntimeError.class, dev.pier.runtime.sys.SysException.class,
                dev.pier.runtime.sys.Errno.class)) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path location = Path.of(entry);
            if (Files.isDirectory(location.resolve(PREFIX))) {
                try (Stream<Path> files = Files.walk(location.resolve(PREFIX))) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> names.add(toName(location.relativize(f).toString())));
                }
            } else if (Files.isRegularFile(location) && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(PREFIX) && n.endsWith(".class"))
                            .forEach(n -> names.add(toName(n)));
                }
            }
        }
        names.removeIf(n -> n.startsWith("dev.pier.runtime.cli."));
        return names;
    }

    private static String toName(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }
}
