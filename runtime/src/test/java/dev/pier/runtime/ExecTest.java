package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.engine.CapabilitySets;
import dev.pier.runtime.engine.SeccompProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec} runs a process in a running container's namespaces, cgroup and security settings,
 * as runc does: through the init stub (no JVM in the container) and, where the stub cannot serve,
 * through the exec JVM ({@code -Dpier.runc.jvmInit=true} forces it here).
 */
class ExecTest {
    /**
     * What the exec'd process sees. cgroup= counts the container's v1 hierarchies it is in (the
     * controller-less v2 tree of a hybrid host is left out: pier-runc's containers are not put in it, runc's are).
     */
    private static final String SCRIPT = "echo pid1=$(cat /proc/1/cmdline | tr '\\0' ' '); hostname; echo $GREETING; pwd; id; "
            + "grep -E '^(Cap|NoNewPrivs|Seccomp)' /proc/self/status; echo net=$(ls /sys/class/net); "
            + "echo cgroup=$(grep -v ^0:: /proc/self/cgroup | grep -c /ex); touch /probe 2>/dev/null && echo rw || echo ro; "
            + "set -- /proc/[0-9]*; echo pids=$#; ulimit -n";

    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    /** runc, pier-runc through the stub, pier-runc through the exec JVM: the same output, exit codes and pid files. */
    @Test
    void execSeesTheContainerAsUnderRunc() throws Exception {
        List<String> variants = List.of("runc", "stub", "jvm");
        String[] out = new String[variants.size()];
        for (int i = 0; i < variants.size(); i++) {
            TestBundle b = TestBundle.create(tmp, "sleep 1000");
            b.linux().set("seccomp", Json.tree(Json.write(SeccompProfiles.pierDefault(CapabilitySets.DOCKER_DEFAULT)), "seccomp"));
            b.linux().put("cgroupsPath", "/ex" + i + "-" + ProcessHandle.current().pid());
            ((ArrayNode) b.config().get("process").get("rlimits")).addObject().put("type", "RLIMIT_NOFILE").put("soft", 321).put("hard", 321);
            Path bundle = b.write();
            Function<String[], Exec> rt = runtime(variants.get(i), tmp.resolve("root" + i));
            String id = "ex" + i;
            rt.apply(new String[] {"run", "--detach", "--bundle", bundle.toString(), id}).check();
            try {
                Exec.Result r = rt.apply(new String[] {"exec", "--env", "GREETING=hi", "--cwd", "/tmp", id, "sh", "-c", SCRIPT}).run();
                assertThat(r.exitCode()).as(r.describe()).isZero();
                out[i] = r.stdout();
                assertThat(rt.apply(new String[] {"exec", id, "sh", "-c", "exit 5"}).run().exitCode()).isEqualTo(5);
                assertThat(rt.apply(new String[] {"exec", id, "sh", "-c", "kill -TERM $$"}).run().exitCode()).as("SIGTERM").isEqualTo(143);
                assertThat(rt.apply(new String[] {"exec", id, "sh", "-c", "kill -KILL $$"}).run().exitCode()).as("SIGKILL").isEqualTo(137);
                Path pidFile = tmp.resolve("exec.pid" + i);
                rt.apply(new String[] {"exec", "--detach", "--pid-file", pidFile.toString(), id, "sleep", "1000"}).check();
                Path cmdline = Path.of("/proc/" + Files.readString(pidFile).trim() + "/cmdline");
                for (int t = 0; t < 200 && !Files.readString(cmdline).startsWith("sleep"); t++) {
                    Thread.sleep(10);   // runc writes the pid file before its init has exec'd the program
                }
                assertThat(Files.readString(cmdline)).startsWith("sleep");
                Exec.Result missing = rt.apply(new String[] {"exec", id, "/bin/nope"}).run();
                assertThat(missing.exitCode()).isNotZero();
                assertThat(missing.stderr()).contains("/bin/nope");
            } finally {
                rt.apply(new String[] {"delete", "--force", id}).run();
            }
        }
        assertThat(out[1]).isEqualTo(out[0]).contains("pid1=sleep 1000", "hi", "/tmp", "net=lo", "ro", "Seccomp:\t2", "321")
                .doesNotContain("cgroup=0");
        assertThat(out[2]).isEqualTo(out[0]);
    }

    /**
     * A user namespace that root made, mapping the container's root to host uid 100000: exec
     * joins it (the stub does, after the other namespaces were joined as host root) and the
     * process is the container's root, with its capabilities — as under runc.
     */
    @Test
    void execEntersAUserNamespaceThatRootMadeForAnotherUid() throws Exception {
        Exec.of("chmod", "755", tmp.toString()).check();   // the container's JVM init runs as host uid 100000
        List<String> classpath = Runtimes.readableClassPath(tmp.resolve("cp"));
        String script = "id; cat /proc/self/uid_map /proc/self/gid_map; hostname; grep -E '^(Cap|NoNewPrivs)' /proc/self/status; "
                + "echo pid1=$(cat /proc/1/cmdline | tr '\\0' ' '); touch /tmp/by-exec && stat -c %u:%g /tmp/by-exec";
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, "sleep 1000");
            b.linux().withArray("namespaces").addObject().put("type", "user");
            ((ObjectNode) b.config().get("root")).put("readonly", false);
            for (String maps : List.of("uidMappings", "gidMappings")) {
                b.linux().putArray(maps).addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            }
            Path dir = b.write();
            Exec.of("chmod", "755", dir.toString()).check();
            Exec.of("chown", "100000:100000", dir.resolve("rootfs/tmp").toString()).check();
            Path root = tmp.resolve("userns" + i);
            Function<String[], Exec> rt = i == 0 ? a -> Runtimes.runc(root, a) : a -> Runtimes.pierRunc(classpath, root, a);
            rt.apply(new String[] {"run", "--detach", "--bundle", dir.toString(), "userns" + i}).check();
            try {
                Exec.Result r = rt.apply(new String[] {"exec", "userns" + i, "sh", "-c", script}).run();
                assertThat(r.exitCode()).as(r.describe()).isZero();
                out[i] = r.stdout() + Exec.of("stat", "-c", "%u:%g", dir.resolve("rootfs/tmp/by-exec").toString()).check().stdout();
            } finally {
                rt.apply(new String[] {"delete", "--force", "userns" + i}).run();
            }
        }
        assertThat(out[1]).isEqualTo(out[0]).contains("uid=0(root) gid=0", "pid1=sleep 1000", "0:0\n100000:100000");
        assertThat(out[1].lines().map(l -> l.strip().replaceAll("\\s+", " "))).contains("0 100000 65536");
    }

    /** SIGTERM to the exec command reaches the process, which traps it and exits 7 — as under runc. */
    @Test
    void execPassesSignalsOnToTheProcess() throws Exception {
        String trap = "trap 'echo got-term; exit 7' TERM; echo ready; while true; do sleep 0.1; done";
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            Path bundle = TestBundle.create(tmp, "sleep 1000").write();
            Function<String[], Exec> rt = runtime(i == 0 ? "runc" : "stub", tmp.resolve("sig" + i));
            String id = "sig" + i;
            rt.apply(new String[] {"run", "--detach", "--bundle", bundle.toString(), id}).check();
            try {
                java.lang.Process exec = new ProcessBuilder(rt.apply(new String[] {"exec", id, "sh", "-c", trap}).command())
                        .redirectErrorStream(true).start();
                java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(exec.getInputStream()));
                assertThat(lines.readLine()).isEqualTo("ready");
                exec.toHandle().destroy();   // SIGTERM
                assertThat(exec.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(exec.exitValue()).as("the trap's status (143: the command died, the process may run on)").isEqualTo(7);
                out[i] = lines.readLine();
            } finally {
                rt.apply(new String[] {"delete", "--force", id}).run();
            }
        }
        assertThat(out[1]).isEqualTo(out[0]).isEqualTo("got-term");
    }

    /** runc, or pier-runc with this test's classes, through the stub ({@code stub}) or its JVM init and exec JVM ({@code jvm}). */
    private static Function<String[], Exec> runtime(String variant, Path root) {
        return switch (variant) {
            case "runc" -> a -> Runtimes.runc(root, a);
            case "stub" -> a -> Runtimes.pierRunc(root, a);
            default -> a -> Runtimes.pierRunc(root, a).env("JAVA_TOOL_OPTIONS", "-Dpier.runc.jvmInit=true");
        };
    }
}
