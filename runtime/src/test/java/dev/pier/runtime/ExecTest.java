package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exec} runs a process in a running container's namespaces, cgroup and security settings, as runc does. */
class ExecTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    @Test
    void execSeesTheContainerAsUnderRunc() throws Exception {
        String script = "echo pid1=$(cat /proc/1/cmdline | tr '\\0' ' '); hostname; echo $GREETING; pwd; id; "
                + "grep -E '^(Cap|NoNewPrivs|Seccomp)' /proc/self/status; echo net=$(ls /sys/class/net); "
                + "touch /probe 2>/dev/null && echo rw || echo ro; set -- /proc/[0-9]*; echo pids=$#";
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            Path bundle = TestBundle.create(tmp, "sleep 1000").write();
            Path root = tmp.resolve("root" + i);
            boolean pier = i == 1;
            java.util.function.Function<String[], Exec> rt = a -> pier ? Runtimes.pierRunc(root, a) : Runtimes.runc(root, a);
            rt.apply(new String[] {"run", "--detach", "--bundle", bundle.toString(), "ex" + i}).check();
            try {
                Exec.Result r = rt.apply(new String[] {"exec", "--env", "GREETING=hi", "--cwd", "/tmp", "ex" + i, "sh", "-c", script}).run();
                assertThat(r.exitCode()).as(r.describe()).isZero();
                out[i] = r.stdout();
                Exec.Result five = rt.apply(new String[] {"exec", "ex" + i, "sh", "-c", "exit 5"}).run();
                assertThat(five.exitCode()).isEqualTo(5);
                Path pidFile = tmp.resolve("exec.pid" + i);
                rt.apply(new String[] {"exec", "--detach", "--pid-file", pidFile.toString(), "ex" + i, "sleep", "1000"}).check();
                Path cmdline = Path.of("/proc/" + Files.readString(pidFile).trim() + "/cmdline");
                for (int t = 0; t < 200 && !Files.readString(cmdline).startsWith("sleep"); t++) {
                    Thread.sleep(10);   // runc writes the pid file before its init has exec'd the program
                }
                assertThat(Files.readString(cmdline)).startsWith("sleep");
                Exec.Result missing = rt.apply(new String[] {"exec", "ex" + i, "/bin/nope"}).run();
                assertThat(missing.exitCode()).isNotZero();
                assertThat(missing.stderr()).contains("/bin/nope");
            } finally {
                rt.apply(new String[] {"delete", "--force", "ex" + i}).run();
            }
        }
        assertThat(out[1]).isEqualTo(out[0]).contains("pid1=sleep 1000", "hi", "/tmp", "net=lo", "ro");
    }
}
