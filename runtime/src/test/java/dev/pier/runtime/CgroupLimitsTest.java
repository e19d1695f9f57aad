package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** linux.resources: a memory hog is OOM-killed under 32 MiB, a pids limit stops a fork loop — as under runc. */
class CgroupLimitsTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    private Exec.Result[] both(String script, java.util.function.Consumer<ObjectNode> resources) {
        return both(script, resources, b -> {});
    }

    private Exec.Result[] both(String script, java.util.function.Consumer<ObjectNode> resources, java.util.function.Consumer<TestBundle> change) {
        Exec.Result[] r = new Exec.Result[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, script);
            change.accept(b);
            resources.accept(b.linux().putObject("resources"));
            Path dir = b.write();
            Path root = tmp.resolve("root" + i);
            String id = "cg" + i + "-" + System.nanoTime();
            r[i] = (i == 0 ? Runtimes.runc(root, "run", "--bundle", dir.toString(), id)
                    : Runtimes.pierRunc(root, "run", "--bundle", dir.toString(), id)).run();
        }
        return r;
    }

    @Test
    void aMemoryHogIsOomKilled() {
        long limit = 32L * 1024 * 1024;
        Exec.Result[] r = both("cat /sys/fs/cgroup/memory/memory.limit_in_bytes; exec tail /dev/zero",
                res -> res.putObject("memory").put("limit", limit).put("swap", limit));
        assertThat(r[0].exitCode()).isEqualTo(137);
        assertThat(r[1].exitCode()).as(r[1].describe()).isEqualTo(137);
        assertThat(r[1].stdout()).startsWith(String.valueOf(limit));
        assertThat(r[1].stderr()).contains("OOM");
    }

    @Test
    void aPidsLimitStopsAForkLoop() {
        // the shell exits when fork fails, so the loop runs in a subshell; counting uses no fork
        String script = "(for i in $(seq 1 30); do sleep 30 & done) 2>/dev/null; set -- /proc/[0-9]*; echo processes=$#";
        Exec.Result[] r = both(script, res -> res.putObject("pids").put("limit", 10));
        assertThat(r[1].exitCode()).as(r[1].describe()).isZero();
        assertThat(r[1].stdout()).isEqualTo(r[0].stdout()).isEqualTo("processes=9\n");
    }

    @Test
    void cpuAndBlkioSettingsReachTheCgroup() {
        String script = "cat /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpuset/cpuset.cpus";
        Exec.Result[] r = both(script, res -> res.putObject("cpu").put("shares", 512).put("quota", 50000).put("period", 100000).put("cpus", "0"));
        assertThat(r[1].stdout()).as(r[1].describe()).isEqualTo(r[0].stdout()).isEqualTo("512\n50000\n100000\n0\n");
    }

    /**
     * linux.resources.devices on the v1 devices cgroup: everything denied but /dev/net/tun and
     * runc's defaults; with CAP_MKNOD the container makes any node (runc allows mknod), but opens
     * only the allowed ones — the loop device it made fails with EPERM, tun and null open. As under runc.
     */
    @Test
    void deviceRulesDenyOpeningOtherDevices() {
        String script = "mknod /dev/x-tun c 10 200 && mknod /dev/x-loop b 7 0 && echo mknod=ok; "
                + "(exec 3</dev/x-tun) && echo tun=open; (exec 3</dev/x-loop) || echo loop=denied; "
                + "(echo x > /dev/null) && echo null=ok; grep -c 'a \\*:\\* rwm' /sys/fs/cgroup/devices/devices.list";
        Exec.Result[] r = both(script, res -> {
            ArrayNode devices = res.putArray("devices");
            devices.addObject().put("allow", false).put("access", "rwm");
            devices.addObject().put("allow", true).put("type", "c").put("major", 10).put("minor", 200).put("access", "rwm");
        }, b -> b.addCapability("CAP_MKNOD"));
        assertThat(r[1].stdout()).as(r[1].describe()).isEqualTo(r[0].stdout())
                .isEqualTo("mknod=ok\ntun=open\nloop=denied\nnull=ok\n0\n");
        assertThat(r[1].stderr()).contains("Operation not permitted");
    }
}
