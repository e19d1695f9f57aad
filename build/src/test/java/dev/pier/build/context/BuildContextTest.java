package dev.pier.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path tmp;

    private Path ctx() throws Exception {
        Path c = Files.createDirectories(tmp.resolve("ctx"));
        Files.createDirectories(c.resolve("src/sub"));
        Files.writeString(c.resolve("src/a.txt"), "a");
        Files.writeString(c.resolve("src/b.log"), "b");
        Files.writeString(c.resolve("src/sub/c.txt"), "c");
        Files.createDirectories(c.resolve("logs"));
        Files.writeString(c.resolve("logs/keep.log"), "k");
        Files.writeString(c.resolve("logs/drop.log"), "d");
        Files.writeString(tmp.resolve("secret"), "outside");
        return c;
    }

    @Test
    void walkAppliesIgnoreWithExceptions() throws Exception {
        BuildContext bc = BuildContext.open(ctx(), DockerIgnore.parse("*.log\n**/*.log\nlogs\n!logs/keep.log\n"));
        assertThat(bc.walk("")).containsExactly("logs", "logs/keep.log", "src", "src/a.txt", "src/sub", "src/sub/c.txt");
    }

    @Test
    void globsAndExclusions() throws Exception {
        BuildContext bc = BuildContext.open(ctx(), DockerIgnore.parse("src/b.log\n"));
        assertThat(bc.match("src/*")).containsExactly("src/a.txt", "src/sub");
        assertThat(bc.match("/src/../src/a.txt")).containsExactly("src/a.txt");
        assertThat(bc.match(".")).containsExactly("");
        assertThatThrownBy(() -> bc.match("src/b.log")).hasMessageContaining("excluded by .dockerignore");
        assertThatThrownBy(() -> bc.match("nope/*")).hasMessageContaining("no file in the build context matches");
        assertThatThrownBy(() -> bc.match("nope")).hasMessageContaining("no such file");
    }

    @Test
    void symlinksLeavingTheContextAreRefused() throws Exception {
        Path c = ctx();
        Files.createSymbolicLink(c.resolve("abs"), tmp.resolve("secret"));
        Files.createSymbolicLink(c.resolve("rel"), Path.of("../secret"));
        Files.createSymbolicLink(c.resolve("dirlink"), tmp);
        Files.createSymbolicLink(c.resolve("inside"), Path.of("src/a.txt"));
        BuildContext bc = BuildContext.open(c, DockerIgnore.none());
        assertThatThrownBy(() -> bc.match("abs")).isInstanceOf(ContextException.class)
                .hasMessageContaining("points outside the build context");
        assertThatThrownBy(() -> bc.match("rel")).hasMessageContaining("points outside the build context (to ../secret)");
        assertThatThrownBy(() -> bc.match("dirlink/secret")).hasMessageContaining("dirlink points outside");
        assertThat(bc.resolve("inside", "inside")).isEqualTo(c.toRealPath().resolve("src/a.txt"));
    }
}
