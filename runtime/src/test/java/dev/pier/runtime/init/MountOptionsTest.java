package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void flagsPropagationAndDataAreSplit() {
        MountOptions o = MountOptions.parse("tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k", "rprivate", "ro"));
        assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_STRICTATIME | MS_RDONLY);
        assertThat(o.propagation()).containsExactly(MS_PRIVATE | MS_REC);
        assertThat(o.data()).isEqualTo("mode=755,size=65536k");
        assertThat(o.bind()).isFalse();
    }

    @Test
    void laterOptionsWinAndRbindIsABind() {
        MountOptions o = MountOptions.parse("none", List.of("ro", "rw", "rbind"));
        assertThat(o.flags()).isEqualTo(MS_BIND | MS_REC);
        assertThat(o.bind()).isTrue();
        assertThat(MountOptions.parse("bind", List.of()).bind()).isTrue();
    }

    @Test
    void rootfsPropagation() {
        assertThat(MountOptions.propagation("rslave")).isEqualTo(MS_SLAVE | MS_REC);
        assertThat(MountOptions.propagation(null)).isZero();
    }

    @Test
    void tmpcopyupIsPiersOwnOptionAndOnlyForTmpfs() {
        MountOptions o = MountOptions.parse("tmpfs", List.of("noexec", "tmpcopyup", "mode=1777"));
        assertThat(o.copyUp()).isTrue();
        assertThat(o.data()).as("not passed to the filesystem").isEqualTo("mode=1777");
        assertThat(MountOptions.parse("tmpfs", List.of("tmpcopyup", "notmpcopyup")).copyUp()).isFalse();
        assertThat(MountOptions.parse("bind", List.of("tmpcopyup")).copyUp()).isFalse();
    }
}
