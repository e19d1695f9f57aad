package dev.pier.image.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree deletion, on the caller's thread or with concurrent unlinks: everything goes, nothing a symlink points at. */
class FileTreesTest {
    @TempDir
    Path tmp;

    /** Directories of many files, a read-only one, and symlinks to a file and a directory outside. */
    private Path tree(Path outside) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("tree"));
        for (int d = 0; d < 5; d++) {
            Path dir = Files.createDirectories(root.resolve("d" + d).resolve("sub"));
            for (int f = 0; f < 300; f++) {
                Files.writeString(dir.resolve("f" + f), "content " + f);
                Files.writeString(dir.getParent().resolve("g" + f), "x");
            }
        }
        Files.createSymbolicLink(root.resolve("to-outside-dir"), outside);
        Files.createSymbolicLink(root.resolve("d1/to-outside-file"), outside.resolve("keep.txt"));
        Path readOnly = root.resolve("d2/sub");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        return root;
    }

    private Path outside() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        return outside;
    }

    @Test
    void concurrentUnlinksRemoveTheWholeTreeAndFollowNoSymlink() throws IOException {
        Path outside = outside();
        Path root = tree(outside);
        ExecutorService unlinks = Executors.newFixedThreadPool(8);
        try {
            FileTrees.delete(root, unlinks);
        } finally {
            unlinks.shutdown();
        }
        assertThat(root).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
    }

    @Test
    void onTheCallersThreadAsWell() throws IOException {
        Path outside = outside();
        Path root = tree(outside);
        FileTrees.delete(root);
        assertThat(root).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
        FileTrees.delete(root);   // a missing path is not an error
    }

    @Test
    void anExecutorThatRefusesTheUnlinksFailsTheDeletionAndALaterOneFinishesIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(root.resolve("a"), "a");
        Files.writeString(root.resolve("b"), "b");
        assertThatThrownBy(() -> FileTrees.delete(root, file -> {
            throw new IllegalStateException("no threads left");
        })).isInstanceOf(IllegalStateException.class);
        ExecutorService unlinks = Executors.newFixedThreadPool(2);
        try {
            FileTrees.delete(root, unlinks);
        } finally {
            unlinks.shutdown();
        }
        assertThat(root).doesNotExist();
    }
}
