package dev.pier.analyze.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTreeTest {
    @TempDir
    Path root;

    @Test
    void resolvesSymlinksInsideTheRootAndRecordsThem() throws Exception {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/libc.so.6"), "x");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("usr/lib/libc.so"), Path.of("/lib/libc.so.6"));
        ImageTree.Resolution r = new ImageTree(root).resolve("/lib/libc.so");
        assertThat(r.target()).contains("/usr/lib/libc.so.6");
        assertThat(r.symlinks()).containsExactly("/lib", "/usr/lib/libc.so", "/lib");
    }

    @Test
    void absoluteLinksAndDotDotNeverLeaveTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../etc/passwd"));
        ImageTree tree = new ImageTree(root);
        assertThat(tree.resolve("/escape").target()).contains("/etc/passwd");
        assertThat(tree.resolve("/../../etc/./passwd").target()).contains("/etc/passwd");
        assertThat(tree.resolve("/etc/missing").target()).isEmpty();
        assertThat(tree.resolve("/etc/passwd/x").target()).isEmpty();
    }

    @Test
    void symlinkLoopsEnd() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThat(new ImageTree(root).resolve("/a").target()).isEmpty();
    }
}
