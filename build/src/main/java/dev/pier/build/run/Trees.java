package dev.pier.build.run;

import java.io.IOException;
import java.nio.file.Path;

/** Deletes directory trees (symlinks never followed). */
final class Trees {
    private Trees() {}

    static void delete(Path dir) throws IOException {
        dev.pier.image.io.FileTrees.delete(dir);
    }

    static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException | RuntimeException e) {
            // best effort: the build's scratch directory goes at its end anyway
        }
    }
}
