package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ContainerEngine#run}: what the container's process sees, and what is left after {@code --rm}. */
@Timeout(600)
class ContainerRunTest {
    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        fx = new EngineFixture(tmp);
    }

    @Test
    void theExitCodeIsTheContainers() {
        assertThat(fx.run("--rm", "sh", "-c", "exit 42").exitCode()).isEqualTo(42);
        Exec.Result missing = fx.run("--rm", "/no/such/program");
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(125);
    }

    @Test
    void envHasTheImagesThePathDefaultAndOverrides() {
        Exec.Result r = fx.run("--rm", "-e", "GREETING=bye", "-e", "EXTRA=1", "env");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("GREETING=bye\n", "EXTRA=1\n", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
                "HOME=/root\n", "HOSTNAME=");
    }

    @Test
    void usersResolveThroughTheImagesPasswdAndGroup() {
        assertThat(fx.run("--rm", "-u", "app", "id").stdout()).contains("uid=1000(app) gid=1000(app)", "2000(extra)");
        assertThat(fx.run("--rm", "-u", "1234:55", "id").stdout()).contains("uid=1234 gid=55");
        assertThat(fx.run("--rm", "-u", "nobody", "id").exitCode()).isNotZero();
    }

    @Test
    void theWorkingDirectoryIsTheImagesOrTheOverrideAndIsCreated() {
        assertThat(fx.run("--rm", "pwd").stdout()).isEqualTo("/srv\n");
        assertThat(fx.run("--rm", "-w", "/a/b", "pwd").stdout()).isEqualTo("/a/b\n");
    }

    @Test
    void volumesBindHostDirectoriesReadWriteOrReadOnly() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("vol"));
        assertThat(fx.run("--rm", "-v", host + ":/data", "sh", "-c", "echo hi > /data/f").exitCode()).isZero();
        assertThat(Files.readString(host.resolve("f"))).isEqualTo("hi\n");
        assertThat(fx.run("--rm", "-v", host + ":/data:ro", "touch", "/data/g").exitCode()).isNotZero();
        assertThat(fx.run("--rm", "-v", "named:/n", "sh", "-c", "echo x > /n/f").exitCode()).isZero();
        assertThat(fx.store.resolve("volumes/named/f")).exists();
        assertThat(fx.run("--rm", "--tmpfs", "/scratch", "sh", "-c", "touch /scratch/x && grep ' /scratch ' /proc/mounts").stdout()).contains("tmpfs");
    }

    @Test
    void aReadOnlyRootfsRefusesWrites() {
        assertThat(fx.run("--rm", "--read-only", "touch", "/x").exitCode()).isNotZero();
        assertThat(fx.run("--rm", "touch", "/x").exitCode()).isZero();
    }

    @Test
    void networkNoneHasOnlyLoopbackAndItsOwnFiles() {
        Exec.Result r = fx.run("--rm", "--network", "none", "sh", "-c", "ls /sys/class/net; cat /etc/resolv.conf /etc/hosts; hostname; cat /sys/class/net/lo/operstate");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).startsWith("lo\n").doesNotContain("nameserver").contains("localhost").doesNotEndWith("down\n");
        Exec.Result host = fx.run("--rm", "--allow-dangerous", "--network", "host", "ls", "/sys/class/net");
        assertThat(host.stdout().lines().count()).isGreaterThan(0);
    }

    @Test
    void dockersDefaultsApply() {
        Exec.Result r = fx.run("--rm", "sh", "-c", "grep -E 'CapEff|Seccomp:|NoNewPrivs' /proc/self/status; cat /proc/kcore | head -c 1 | wc -c");
        assertThat(r.stdout()).contains("CapEff:\t00000000a80425fb", "Seccomp:\t2", "NoNewPrivs:\t1").endsWith("0\n");
        assertThat(fx.run("--rm", "--cap-drop", "ALL", "grep", "CapEff", "/proc/self/status").stdout()).contains("0000000000000000");
        assertThat(fx.run("--rm", "--security-opt", "seccomp=unconfined", "grep", "Seccomp:", "/proc/self/status").stdout()).contains("\t0");
    }

    @Test
    void theDefaultSeccompProfileRunsOrdinaryProgramsAndBlocksNamespacesAndMounts() {
        String script = "id; ls / >/dev/null && echo ls=ok; cat /etc/passwd >/dev/null && echo cat=ok; date >/dev/null && echo date=ok;"
                + " sleep 0 & wait $! && echo fork=ok; unshare -U true 2>&1; echo userns=$?; unshare -m true 2>&1; echo unshare=$?;"
                + " mkdir -p /m; mount -t tmpfs none /m 2>&1; echo mount=$?";
        Exec.Result r = fx.run("--rm", "sh", "-c", script);
        assertThat(r.stdout()).as(r.describe()).contains("uid=0(root)", "ls=ok", "cat=ok", "date=ok", "fork=ok", "Operation not permitted",
                "permission denied (are you root?)", "userns=1", "unshare=1", "mount=1");
        Exec.Result unconfined = fx.run("--rm", "--security-opt", "seccomp=unconfined", "sh", "-c", "unshare -U true; echo userns=$?");
        assertThat(unconfined.stdout()).as(unconfined.describe()).contains("userns=0");
        Exec.Result admin = fx.run("--rm", "--cap-add", "SYS_ADMIN", "sh", "-c", "unshare -m true; echo unshare=$?; mkdir -p /m; mount -t tmpfs none /m; echo mount=$?");
        assertThat(admin.stdout()).as(admin.describe()).contains("unshare=0", "mount=0");
    }

    @Test
    void removeLeavesNoMountCgroupOrDirectory() throws Exception {
        List<Path> before = containerCgroups();   // other containers of this machine are not this test's
        assertThat(fx.run("--rm", "--memory", String.valueOf(64 << 20), "true").exitCode()).isZero();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(fx.store.toString());
        try (var s = Files.list(fx.store.resolve("containers"))) {
            assertThat(s.toList()).isEmpty();
        }
        try (var s = Files.list(fx.store.resolve("runc"))) {   // compiled seccomp filters are shared, not the container's
            assertThat(s.filter(p -> !p.getFileName().toString().equals(".seccomp")).toList()).isEmpty();
        }
        assertThat(containerCgroups()).isSubsetOf(before);
    }

    private static List<Path> containerCgroups() throws java.io.IOException {
        try (var s = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            return s.filter(p -> p.toString().contains("/pier/")).filter(p -> p.getFileName().toString().length() == 64).toList();
        }
    }
}
