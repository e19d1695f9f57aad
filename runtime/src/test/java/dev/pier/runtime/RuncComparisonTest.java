package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bundle under runc and under pier-runc: what the container's process sees must be the
 * same (ids, capabilities, no_new_privs, seccomp, hostname, mounts, masked and read-only paths,
 * pid 1, the network namespace, rlimits) and so must the exit status.
 */
class RuncComparisonTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
        Peers.require("busybox");
    }

    /** Runs {@code script} in the bundle under both runtimes; returns {runc's result, pier-runc's}. */
    Exec.Result[] both(String script, Consumer<TestBundle> change) {
        Exec.Result[] results = new Exec.Result[2];
        for (int i = 0; i < 2; i++) {
            TestBundle bundle = TestBundle.create(tmp, script);
            change.accept(bundle);
            Path dir = bundle.write();
            Path root = tmp.resolve("root" + i);
            String id = "cmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            Exec run = i == 0 ? Runtimes.runc(root, "run", "--bundle", dir.toString(), id)
                    : Runtimes.pierRunc(root, "run", "--bundle", dir.toString(), id);
            results[i] = run.run();
        }
        return results;
    }

    @Test
    void theProcessSeesWhatItSeesUnderRunc() {
        String script = String.join("\n",
                "id",
                "grep -E '^(Cap|NoNewPrivs|Seccomp)' /proc/self/status",
                "hostname",
                "echo pid=$$",
                "echo net=$(ls /sys/class/net) lo=$(cat /sys/class/net/lo/flags)",
                "echo nofile=$(ulimit -n) $(ulimit -Hn)",
                "touch /probe 2>/dev/null && echo rootfs=rw || echo rootfs=ro",
                "echo keys=$(wc -c < /proc/keys) acpi=$(ls /proc/acpi | wc -l)",
                "(echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null && echo procsys=written || echo procsys=refused",
                "awk '{print $5, $6, $9}' /proc/self/mountinfo | sort");
        Exec.Result[] r = both(script, b -> {});
        assertThat(r[0].exitCode()).as(r[0].describe()).isZero();
        assertThat(r[1].exitCode()).as(r[1].describe()).isZero();
        assertThat(r[1].stdout()).isEqualTo(r[0].stdout());
        assertThat(r[1].stdout()).contains("pid=1", "net=lo lo=0x9", "rootfs=ro", "procsys=refused", "keys=0", "CapBnd:\t0000000020000420");
    }

    @Test
    void theJvmInitBringsLoopbackUpToo() {
        TestBundle bundle = TestBundle.create(tmp, "cat /sys/class/net/lo/flags");
        Path dir = bundle.write();
        Exec.Result r = Runtimes.pierRunc(tmp.resolve("root"), "run", "--bundle", dir.toString(), "lo-" + ProcessHandle.current().pid())
                .env("JAVA_TOOL_OPTIONS", "-Dpier.runc.jvmInit=true").run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("0x9");   // IFF_UP | IFF_LOOPBACK, as under runc (above)
    }

    @Test
    void aUserGroupsUmaskAndCwdAsUnderRunc() {
        String script = "id; umask; pwd; grep -E '^Cap' /proc/self/status";
        Exec.Result[] r = both(script, b -> {
            var user = (com.fasterxml.jackson.databind.node.ObjectNode) b.config().get("process").get("user");
            user.put("uid", 65534).put("gid", 65534).put("umask", 077);
            user.putArray("additionalGids").add(10).add(20);
            ((com.fasterxml.jackson.databind.node.ObjectNode) b.config().get("process")).put("cwd", "/tmp/work");
            b.config().put("hostname", "pier-test");
        });
        assertThat(r[1].stdout()).as(r[1].describe()).isEqualTo(r[0].stdout());
        assertThat(r[1].stdout()).contains("uid=65534", "groups=10,20", "0077", "/tmp/work");
    }

    @Test
    void exitCodesAsUnderRunc() {
        Exec.Result[] r = both("exit 3", b -> {});
        assertThat(r[0].exitCode()).isEqualTo(3);
        assertThat(r[1].exitCode()).as(r[1].describe()).isEqualTo(3);
        Exec.Result[] killed = both("kill -9 $$; sleep 1; kill -KILL 1", b -> b.args("sh", "-c", "sh -c 'kill -9 $$'"));
        assertThat(killed[1].exitCode()).as(killed[1].describe()).isEqualTo(killed[0].exitCode());
    }

    @Test
    void aMissingExecutableIsNamed() {
        Exec.Result[] r = both("", b -> b.args("/bin/no-such-program"));
        assertThat(r[0].exitCode()).isNotZero();
        assertThat(r[1].exitCode()).isNotZero();
        assertThat(r[1].stderr()).contains("/bin/no-such-program").hasLineCount(1);
        Exec.Result[] path = both("", b -> b.args("no-such-program"));
        assertThat(path[1].stderr()).contains("no-such-program").contains("$PATH");
    }
}
