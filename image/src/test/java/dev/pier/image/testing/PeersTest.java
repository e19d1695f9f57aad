package dev.pier.image.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeersTest {

    @TempDir
    Path dir;

    final List<String> logged = new ArrayList<>();

    @Test
    void findsAnExecutableOnPath() throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bin.resolve("data"), "not executable");
        String path = "/nonexistent::" + bin;
        assertThat(Peers.require("tool", "tool-pkg", path, true, logged::add)).isEqualTo(tool);
        assertThat(Peers.find("data", path)).isEmpty();
        assertThat(Peers.find("tool", null)).isEmpty();
    }

    @Test
    void missingPeerSkipsWithTheReason() {
        assertThatThrownBy(() -> Peers.require("skopeo", "skopeo", "/nonexistent", false, logged::add))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("skopeo not installed (apt-get install skopeo)");
        assertThat(logged).containsExactly("skipped: skopeo not installed (apt-get install skopeo)");
    }

    @Test
    void missingPeerFailsWhenPeersAreRequired() {
        assertThatThrownBy(() -> Peers.require("busybox", "busybox-static", "/nonexistent", true, logged::add))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("busybox not installed (apt-get install busybox-static)")
                .hasMessageContaining("pier.requirePeers=true");
        assertThat(logged).isEmpty();
    }

    @Test
    void rootRequirement() {
        Peers.requireRoot(true, true, logged::add);
        assertThatThrownBy(() -> Peers.requireRoot(false, false, logged::add))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("not running as root");
        assertThatThrownBy(() -> Peers.requireRoot(false, true, logged::add))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("not running as root");
    }

    @Test
    void publicRequireFindsAShell() {
        assertThat(Peers.require("sh")).isAbsolute().isExecutable();
    }

    @Test
    void strictFollowsTheSystemProperty() {
        assertThat(Peers.strict()).isEqualTo(Boolean.getBoolean("pier.requirePeers"));
    }

    @Test
    void isRootMatchesId() {
        String uid = Exec.of("id", "-u").check().stdout().trim();
        assertThat(Peers.isRoot()).isEqualTo(uid.equals("0"));
    }
}
