package dev.pier.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The examples of Docker's .dockerignore documentation, and patternmatcher's edge cases. */
class DockerIgnoreTest {
    @Test
    void documentationExample() {
        DockerIgnore d = DockerIgnore.parse("# comment\n*/temp*\n*/*/temp*\ntemp?\n");
        assertThat(d.excludes("somedir/temporary.txt")).isTrue();
        assertThat(d.excludes("somedir/temp")).isTrue();
        assertThat(d.excludes("somedir/temp/inner/file")).isTrue();
        assertThat(d.excludes("somedir/subdir/temporary.txt")).isTrue();
        assertThat(d.excludes("tempa")).isTrue();
        assertThat(d.excludes("tempb")).isTrue();
        assertThat(d.excludes("temp")).isFalse();
        assertThat(d.excludes("temporary.txt")).isFalse();
        assertThat(d.excludes("# comment")).isFalse();
    }

    @Test
    void doubleStar() {
        DockerIgnore d = DockerIgnore.parse("**/*.go\n");
        assertThat(d.excludes("main.go")).isTrue();
        assertThat(d.excludes("a/b/c.go")).isTrue();
        assertThat(d.excludes("a/b/c.gox")).isFalse();
        DockerIgnore all = DockerIgnore.parse("a/**\n");
        assertThat(all.excludes("a/b/c")).isTrue();
        assertThat(all.excludes("ab")).isFalse();
    }

    @Test
    void exceptions() {
        DockerIgnore d = DockerIgnore.parse("*.md\n!README.md\n");
        assertThat(d.excludes("CHANGES.md")).isTrue();
        assertThat(d.excludes("README.md")).isFalse();
        DockerIgnore e = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
        assertThat(e.excludes("README-secret.md")).isTrue();
        assertThat(e.excludes("README-public.md")).isFalse();
        assertThat(e.excludes("other.md")).isTrue();
        DockerIgnore f = DockerIgnore.parse("*\n!keep\n");
        assertThat(f.excludes("keep")).isFalse();
        assertThat(f.excludes("drop")).isTrue();
    }

    @Test
    void cleaningAndLeadingSlash() {
        DockerIgnore d = DockerIgnore.parse("/foo/./bar\n./baz/\n  spaced  \n");
        assertThat(d.excludes("foo/bar")).isTrue();
        assertThat(d.excludes("foo/bar/x")).isTrue();
        assertThat(d.excludes("baz/q")).isTrue();
        assertThat(d.excludes("spaced")).isTrue();
        assertThat(DockerIgnore.parse("dir\n").excludes("dir/sub/file")).isTrue();
    }

    @Test
    void characterClassesAndEscapes() {
        DockerIgnore d = DockerIgnore.parse("[a-c].txt\nx[^0-9]\nq\\*\nf?le.(1)\n");
        assertThat(d.excludes("b.txt")).isTrue();
        assertThat(d.excludes("d.txt")).isFalse();
        assertThat(d.excludes("xa")).isTrue();
        assertThat(d.excludes("x1")).isFalse();
        assertThat(d.excludes("q*")).isTrue();
        assertThat(d.excludes("qq")).isFalse();
        assertThat(d.excludes("file.(1)")).isTrue();
        assertThat(d.excludes("a/b.txt")).isFalse();
        assertThatThrownBy(() -> DockerIgnore.parse("[abc\n")).hasMessageContaining("invalid pattern");
    }
}
