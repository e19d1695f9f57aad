package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.SecurityModules;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityLabelsTest {
    @Test
    void dockersSpellingsBecomeTheSpecsFields() {
        assertThat(SecurityLabels.parse(List.of("apparmor=pier-default"))).isEqualTo(new SecurityLabels("pier-default", null, null));
        assertThat(SecurityLabels.parse(List.of("apparmor=unconfined"))).isEqualTo(new SecurityLabels(null, null, null));
        assertThat(SecurityLabels.parse(List.of("label=type:svirt_apache_t", "label=level:s0:c100,c200")))
                .isEqualTo(new SecurityLabels(null, "system_u:system_r:svirt_apache_t:s0:c100,c200",
                        "system_u:object_r:container_file_t:s0:c100,c200"));
        assertThat(SecurityLabels.parse(List.of("label=user:user_u", "label=role:user_r", "label=filetype:my_file_t")))
                .isEqualTo(new SecurityLabels(null, "user_u:user_r:container_t:s0", "user_u:object_r:my_file_t:s0"));
        assertThat(SecurityLabels.parse(List.of("label=type:x_t", "label=disable"))).isEqualTo(new SecurityLabels(null, null, null));
        assertThat(SecurityLabels.normalize("label:type:x_t")).isEqualTo("label=type:x_t");
        assertThat(SecurityLabels.normalize("label=level:s0:c1")).isEqualTo("label=level:s0:c1");
    }

    @Test
    void badLabelsGetOneLine() {
        assertThatThrownBy(() -> SecurityLabels.parse(List.of("label=colour:blue"))).isInstanceOf(RuntimeError.class)
                .hasMessage("unsupported --security-opt label=colour:blue (label=user:U, role:R, type:T, level:L, filetype:T or disable)");
        assertThatThrownBy(() -> SecurityLabels.parse(List.of("label=type:"))).hasMessage("--security-opt label=type:: the type is empty");
    }

    @Test
    void aModuleTheHostLacksIsRefusedAndUnconfinedNeedsNone() {
        assertThat(SecurityLabels.of(List.of("apparmor=unconfined", "label=disable"))).isEqualTo(new SecurityLabels(null, null, null));
        if (SecurityModules.apparmorEnabled()) {
            assertThat(SecurityLabels.of(List.of("apparmor=pier-test")).apparmorProfile()).isEqualTo("pier-test");
        } else {
            assertThatThrownBy(() -> SecurityLabels.of(List.of("apparmor=pier-test"))).isInstanceOf(RuntimeError.class)
                    .hasMessageStartingWith("apparmor profile pier-test is specified, but AppArmor is not enabled on this host");
        }
        if (SecurityModules.selinuxEnabled()) {
            assertThat(SecurityLabels.of(List.of("label=type:x_t")).selinuxLabel()).isEqualTo("system_u:system_r:x_t:s0");
        } else {
            assertThatThrownBy(() -> SecurityLabels.of(List.of("label=type:x_t"))).isInstanceOf(RuntimeError.class)
                    .hasMessageStartingWith("selinux label system_u:system_r:x_t:s0 is specified, but SELinux is disabled or not supported");
        }
    }

    @Test
    void aMountLabelIsAContextOptionOfTheFilesystemsTheRuntimeCreates() {
        assertThat(SecurityModules.withMountLabel("tmpfs", "mode=755", "system_u:object_r:container_file_t:s0"))
                .isEqualTo("mode=755,context=\"system_u:object_r:container_file_t:s0\"");
        assertThat(SecurityModules.withMountLabel("devpts", "", "l")).isEqualTo("context=\"l\"");
        assertThat(SecurityModules.withMountLabel("proc", "", "l")).isEmpty();
        assertThat(SecurityModules.withMountLabel("mqueue", "x", "l")).isEqualTo("x");
        assertThat(SecurityModules.withMountLabel("tmpfs", "x", null)).isEqualTo("x");
    }
}
