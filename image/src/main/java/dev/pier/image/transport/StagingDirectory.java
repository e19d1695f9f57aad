package dev.pier.image.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A hidden temporary directory beside a destination, so that the finished result can be renamed
 * into place in one step and an interrupted write leaves nothing under the destination's name.
 */
final class StagingDirectory {
    private StagingDirectory() {}

    static Path createBeside(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.createDirectory(parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID()));
    }

    /** Replaces {@code target} (a directory or nothing) by {@code staged}. */
    static void replace(Path staged, Path target) throws IOException {
        if (Files.exists(target)) {
            Path old = createBeside(target);
            Files.delete(old);
            Files.move(target, old);
            Files.move(staged, target);
            deleteTree(old);
        } else {
            Files.move(staged, target);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        dev.pier.image.io.FileTrees.delete(dir);
    }
}
