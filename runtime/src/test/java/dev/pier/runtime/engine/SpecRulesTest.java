package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Rlimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's rules for Entrypoint/Cmd, capabilities, ulimits, env and users, without running anything. */
class SpecRulesTest {
    private static RunRequest req(List<String> cmd, List<String> entrypoint) {
        return new RunRequest(null, "x", null, cmd, entrypoint, null, null, null, null, null, null, null, null, false, null, false);
    }

    @Test
    void entrypointAndCmdCombineAsDockers() {
        ContainerConfig c = ContainerConfig.EMPTY.toBuilder().entrypoint(List.of("/ep")).cmd(List.of("a", "b")).build();
        assertThat(SpecFactory.args(c, req(List.of(), null))).containsExactly("/ep", "a", "b");
        assertThat(SpecFactory.args(c, req(List.of("x"), null))).containsExactly("/ep", "x");
        assertThat(SpecFactory.args(c, req(List.of(), List.of("/other")))).containsExactly("/other");
        assertThat(SpecFactory.args(c, req(List.of("y"), List.of("/other")))).containsExactly("/other", "y");
        assertThat(SpecFactory.args(c, req(List.of("sh"), List.of()))).containsExactly("sh");
        assertThatThrownBy(() -> SpecFactory.args(ContainerConfig.EMPTY, req(List.of(), null))).isInstanceOf(RuntimeError.class);
    }

    @Test
    void capabilitiesStartFromDockersFourteen() {
        assertThat(CapabilitySets.of(List.of(), List.of(), false)).hasSize(14).contains("CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE");
        assertThat(CapabilitySets.of(List.of("sys_admin"), List.of("CAP_CHOWN"), false)).contains("CAP_SYS_ADMIN").doesNotContain("CAP_CHOWN");
        assertThat(CapabilitySets.of(List.of("NET_BIND_SERVICE"), List.of("ALL"), false)).containsExactly("CAP_NET_BIND_SERVICE");
        assertThatThrownBy(() -> CapabilitySets.of(List.of("NOPE"), List.of(), false)).isInstanceOf(RuntimeError.class);
    }

    @Test
    void ulimitsAndEnv() {
        assertThat(SpecFactory.rlimits(List.of("nofile=1024:2048", "host"))).containsExactly(
                new Rlimit("RLIMIT_NOFILE", java.math.BigInteger.valueOf(2048), java.math.BigInteger.valueOf(1024)));
        assertThat(EnvFiles.merge(List.of("A=1", "B=2"), List.of("B=3", "C=4"))).containsExactly("A=1", "B=3", "C=4");
    }

    @Test
    void usersResolveInTheRootfs(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nweb:x:33:34::/var/www:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "web:x:34:\nlog:x:4:web\nops:x:7:\n");
        assertThat(ImageUsers.resolve(root, "web")).isEqualTo(new ImageUsers.Resolved(33, 34, List.of(34L, 4L), "/var/www"));
        assertThat(ImageUsers.resolve(root, "web:ops")).isEqualTo(new ImageUsers.Resolved(33, 7, List.of(), "/var/www"));
        assertThat(ImageUsers.resolve(root, "500").uid()).isEqualTo(500);
        assertThat(ImageUsers.resolve(root, null).uid()).isZero();
        assertThatThrownBy(() -> ImageUsers.resolve(root, "ghost")).isInstanceOf(RuntimeError.class).hasMessageContaining("ghost");
    }
}
