package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-root user (nobody, via su) runs a {@code spec --rootless} bundle: a user namespace maps
 * it to root, there is no cgroup, device nodes are bind-mounted, /sys is a read-only rbind.
 */
class RootlessTest {
    @TempDir
    Path tmp;
    private List<String> classpath;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("su", "login");
        Peers.require("newuidmap");
    }

    @Test
    void nobodyRunsARootlessBundle() throws Exception {
        Path dir = rootlessBundle("id; cat /proc/self/uid_map; grep CapEff /proc/self/status; ls /dev/null /dev/zero; touch /dev/probe && echo dev=rw");
        Exec.Result r = asNobody("run --bundle " + dir + " rootless");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("uid=0(root) gid=0", "0      65534          1", "CapEff:\t0000000020000420", "/dev/null", "dev=rw");
    }

    /**
     * exec into it, as nobody too: pier-runc, not root, cannot join the container's mount
     * namespace from outside its user namespace, so the exec JVM behind {@code nsenter --user} serves.
     */
    @Test
    void nobodyExecsIntoItsRootlessContainer() throws Exception {
        Path dir = rootlessBundle("sleep 1000");
        assertThat(asNobody("run --detach --bundle " + dir + " rootless").exitCode()).isZero();
        try {
            Exec.Result r = asNobody("exec rootless sh -c 'id; cat /proc/self/uid_map; exit 3'");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
            assertThat(r.stdout()).contains("uid=0(root) gid=0", "0      65534          1");
        } finally {
            asNobody("delete --force rootless");
        }
    }

    /** A {@code spec --rootless} bundle running {@code script}, mapping nobody (65534) to root, readable by nobody. */
    private Path rootlessBundle(String script) throws Exception {
        Exec.of("chmod", "755", tmp.toString()).check();
        TestBundle b = TestBundle.create(tmp, script);
        ObjectNode rootless = (ObjectNode) Json.tree(
                Runtimes.pierRunc(tmp.resolve("unused"), "spec", "--rootless", "--bundle", tmp.toString()).check().stdout().isEmpty()
                        ? Files.readAllBytes(tmp.resolve("config.json")) : new byte[0], "config.json");
        b.config().set("mounts", rootless.get("mounts"));
        ObjectNode linux = (ObjectNode) rootless.get("linux");
        linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 65534).put("size", 1);
        linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 65534).put("size", 1);
        b.config().set("linux", linux);
        Path dir = b.write();
        Exec.of("chmod", "-R", "a+rX", tmp.toString()).check();
        return dir;
    }

    /** {@code pier-runc --root <state> ARGS} (words split on spaces by sh) run as nobody, with this test's classes. */
    private Exec.Result asNobody(String args) throws Exception {
        if (classpath == null) {
            classpath = Runtimes.readableClassPath(tmp.resolve("cp"));
        }
        Path state = tmp.resolve("state");
        if (!Files.isDirectory(state)) {
            Files.createDirectories(state);
            Exec.of("chown", "nobody", state.toString()).check();
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = java + " --enable-native-access=ALL-UNNAMED -cp " + String.join(":", classpath)
                + " dev.pier.runtime.cli.PierRunc --root " + state + " " + args;
        return Exec.of("su", "nobody", "-s", "/bin/sh", "-c", command).in(tmp).run();
    }
}
