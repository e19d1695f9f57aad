package dev.pier.registry.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Directory creation on the storage's hot paths. */
final class Directories {
    private Directories() {}

    /**
     * Creates {@code dir} (and its parents) unless it exists. {@link Files#createDirectories}, on a
     * directory that exists, throws and catches an exception, stack trace included: on every push.
     */
    static void ensure(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }
}
