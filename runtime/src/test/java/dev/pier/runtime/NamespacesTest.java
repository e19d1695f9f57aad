package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining another container's namespaces by path, and --no-pivot, as under runc. */
class NamespacesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    @Test
    void aContainerJoinsAnothersUtsAndNetworkNamespaces() {
        TestBundle a = TestBundle.create(tmp, "sleep 1000");
        a.config().put("hostname", "alpha");
        Path root = tmp.resolve("root");
        Runtimes.pierRunc(root, "run", "--detach", "--bundle", a.write().toString(), "alpha").check();
        try {
            int pid = Json.tree(Runtimes.pierRunc(root, "state", "alpha").check().stdout().getBytes(StandardCharsets.UTF_8), "state")
                    .get("pid").asInt();
            String[] out = new String[2];
            for (int i = 0; i < 2; i++) {
                TestBundle b = TestBundle.create(tmp, "hostname; readlink /proc/self/ns/uts; readlink /proc/self/ns/net");
                b.config().remove("hostname");
                ArrayNode namespaces = b.linux().putArray("namespaces");
                for (String type : new String[] {"pid", "ipc", "mount"}) {
                    namespaces.addObject().put("type", type);
                }
                namespaces.addObject().put("type", "uts").put("path", "/proc/" + pid + "/ns/uts");
                namespaces.addObject().put("type", "network").put("path", "/proc/" + pid + "/ns/net");
                Path dir = b.write();
                Exec.Result r = (i == 0 ? Runtimes.runc(tmp.resolve("r0"), "run", "--bundle", dir.toString(), "beta")
                        : Runtimes.pierRunc(tmp.resolve("r1"), "run", "--bundle", dir.toString(), "beta")).run();
                assertThat(r.exitCode()).as(r.describe()).isZero();
                out[i] = r.stdout();
            }
            assertThat(out[1]).isEqualTo(out[0]).startsWith("alpha\n");
            String alphaNs = Exec.of("readlink", "/proc/" + pid + "/ns/uts").check().stdout();
            assertThat(out[1]).contains(alphaNs);
        } finally {
            Runtimes.pierRunc(root, "delete", "--force", "alpha").run();
        }
    }

    @Test
    void noPivotAsUnderRunc() {
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, "ls /; cat /proc/self/status | grep -E '^Cap(Eff|Bnd)'; echo pid=$$");
            ((ObjectNode) b.config().get("root")).put("readonly", false);
            b.addCapability("CAP_CHOWN");
            Path dir = b.write();
            Exec.Result r = (i == 0 ? Runtimes.runc(tmp.resolve("r" + i), "run", "--no-pivot", "--bundle", dir.toString(), "np")
                    : Runtimes.pierRunc(tmp.resolve("r" + i), "run", "--no-pivot", "--bundle", dir.toString(), "np")).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            out[i] = r.stdout();
        }
        assertThat(out[1]).isEqualTo(out[0]).contains("pid=1", "proc");
    }

    /**
     * A user namespace with two uid and two gid ranges (root writes the maps, as runc does): the
     * container sees both, and a file it gives to uid 1500 belongs to host uid 200500, one it
     * gives to 10 to host uid 100010 — the same under runc.
     */
    @Test
    void aUserNamespaceMapsTwoRanges() throws Exception {
        Exec.of("chmod", "755", tmp.toString()).check();   // the init runs as host uid 100000
        List<String> classpath = Runtimes.readableClassPath(tmp.resolve("cp"));
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, "cat /proc/self/uid_map /proc/self/gid_map; id; touch /tmp/a /tmp/b; "
                    + "chown 10:20 /tmp/a && chown 1500:1600 /tmp/b && echo chowned");
            b.linux().withArray("namespaces").addObject().put("type", "user");
            ((ObjectNode) b.config().get("root")).put("readonly", false);
            b.addCapability("CAP_CHOWN");
            for (String maps : List.of("uidMappings", "gidMappings")) {
                ArrayNode m = b.linux().putArray(maps);
                m.addObject().put("containerID", 0).put("hostID", 100000).put("size", 1000);
                m.addObject().put("containerID", 1000).put("hostID", 200000).put("size", 1000);
            }
            Path dir = b.write();
            Exec.of("chmod", "755", dir.toString()).check();
            Exec.of("chown", "100000:100000", dir.resolve("rootfs/tmp").toString()).check();
            Exec.Result r = (i == 0 ? Runtimes.runc(tmp.resolve("r0"), "run", "--bundle", dir.toString(), "userns")
                    : Runtimes.pierRunc(classpath, tmp.resolve("r1"), "run", "--bundle", dir.toString(), "userns")).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            out[i] = r.stdout() + Exec.of("stat", "-c", "%u:%g", dir.resolve("rootfs/tmp/a").toString(), dir.resolve("rootfs/tmp/b").toString())
                    .check().stdout();
        }
        assertThat(out[1]).isEqualTo(out[0]);
        assertThat(out[1].lines().map(String::strip).map(l -> l.replaceAll("\\s+", " ")))
                .containsSubsequence("0 100000 1000", "1000 200000 1000", "0 100000 1000", "1000 200000 1000")
                .contains("uid=0(root) gid=0", "chowned", "100010:100020", "200500:200600");
    }
}
