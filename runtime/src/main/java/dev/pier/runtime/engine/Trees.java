package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.nio.file.Path;

/** Deleting and measuring directory trees without following symbolic links. */
final class Trees {
    private Trees() {}

    /** Deletes {@code dir} and everything under it; a missing dir is fine. */
    static void delete(Path dir) {
        try {
            dev.pier.image.io.FileTrees.delete(dir);
        } catch (IOException e) {
            throw new RuntimeError("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The size of the regular files under {@code dir} (each link to a file counted). */
    static long size(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.filter(f -> java.nio.file.Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return java.nio.file.Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
