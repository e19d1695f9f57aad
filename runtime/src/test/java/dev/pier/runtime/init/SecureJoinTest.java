package dev.pier.runtime.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureJoinTest {
    @TempDir
    Path root;

    @Test
    void dotDotStopsAtTheRoot() {
        assertThat(SecureJoin.join(root, "/../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void absoluteLinksResolveInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../real"));
        assertThat(SecureJoin.join(root, "/escape/tmp")).isEqualTo(root.resolve("tmp"));
        assertThat(SecureJoin.join(root, "/up/x")).isEqualTo(root.resolve("real/x"));
    }
}
