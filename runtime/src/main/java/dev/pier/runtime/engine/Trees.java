package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.nio.file.Path;

/** Deleting and copying directory trees without following symbolic links. */
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
}
