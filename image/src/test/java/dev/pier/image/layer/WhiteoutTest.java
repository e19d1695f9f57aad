package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WhiteoutTest {
    @Test
    void recognisesWhiteoutsAndOpaqueMarkers() {
        assertThat(Whiteout.isWhiteout("a/b/.wh.c")).isTrue();
        assertThat(Whiteout.isWhiteout(".wh.c")).isTrue();
        assertThat(Whiteout.isWhiteout("a/.wh..wh..opq")).isFalse();
        assertThat(Whiteout.isOpaque("a/.wh..wh..opq")).isTrue();
        assertThat(Whiteout.isOpaque(".wh..wh..opq")).isTrue();
        assertThat(Whiteout.isWhiteout("a/b.wh.c")).isFalse();
        assertThat(Whiteout.isWhiteout(".wh.dir/file")).isFalse();
        assertThat(Whiteout.isWhiteoutScheme("x/.wh..wh.plnk")).isTrue();
    }

    @Test
    void targets() {
        assertThat(Whiteout.target("a/b/.wh.c")).isEqualTo("a/b/c");
        assertThat(Whiteout.target(".wh.c")).isEqualTo("c");
        assertThat(Whiteout.target("./a/.wh.c")).isEqualTo("./a/c");
        assertThatThrownBy(() -> Whiteout.target("a/c")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Whiteout.whiteoutFor("a/b")).isEqualTo("a/.wh.b");
        assertThat(Whiteout.whiteoutFor("b")).isEqualTo(".wh.b");
        assertThat(Whiteout.opaqueFor("a/b/")).isEqualTo("a/b/.wh..wh..opq");
        assertThat(Whiteout.opaqueFor("")).isEqualTo(".wh..wh..opq");
    }
}
