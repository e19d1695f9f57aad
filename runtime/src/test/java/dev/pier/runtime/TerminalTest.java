package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * process.terminal with --console-socket: the master of the container's pty arrives over the
 * socket as SCM_RIGHTS (received here by a small python3 script, as conmon would), and the
 * process has it as its controlling terminal with the consoleSize — as under runc.
 */
class TerminalTest {
    private static final String RECEIVER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)",
            "c, _ = s.accept()",
            "msg, fds, _, _ = socket.recv_fds(c, 1024, 1)",
            "out = b''",
            "while True:",
            "    try: d = os.read(fds[0], 4096)",
            "    except OSError: break",
            "    if not d: break",
            "    out += d",
            "sys.stdout.write('received=' + str(len(fds)) + '\\n'); sys.stdout.write(out.decode().replace('\\r', ''))");

    /** What an exec'd process with a terminal reports: its tty, its streams, its controlling terminal, the size. */
    private static final String EXEC_SCRIPT = "tty; test -t 0 && test -t 1 && test -t 2 && echo streams=tty; "
            + "set -- $(cat /proc/self/stat); echo tty_nr=$7; stty size";

    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
        Peers.require("python3");
    }

    @Test
    void theConsoleSocketGetsThePtyMaster() throws Exception {
        Path receiver = tmp.resolve("receiver.py");
        Files.writeString(receiver, RECEIVER);
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, "tty; stty size; ls -l /dev/console | grep -c 136; echo $$; ps -o pid,tty | grep -c pts");
            ObjectNode process = (ObjectNode) b.config().get("process");
            process.put("terminal", true);
            process.putObject("consoleSize").put("height", 30).put("width", 100);
            Path dir = b.write();
            Path socket = tmp.resolve("console" + i + ".sock");
            java.lang.Process python = new ProcessBuilder("python3", receiver.toString(), socket.toString())
                    .redirectErrorStream(true).start();
            for (int t = 0; t < 500 && !Files.exists(socket); t++) {
                Thread.sleep(10);
            }
            Path root = tmp.resolve("root" + i);
            boolean pier = i == 1;
            java.util.function.Function<String[], Exec> rt = a -> pier ? Runtimes.pierRunc(root, a) : Runtimes.runc(root, a);
            Exec.Result r = rt.apply(new String[] {"create", "--console-socket", socket.toString(), "--bundle", dir.toString(), "tty" + i}).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            rt.apply(new String[] {"start", "tty" + i}).check();
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
            out[i] = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            rt.apply(new String[] {"delete", "--force", "tty" + i}).run();
        }
        assertThat(out[1]).isEqualTo(out[0]).startsWith("received=1\n/dev/pts/0\n30 100\n1\n1\n");
    }

    /**
     * exec --tty --detach --console-socket (runc's exec -t -d): the exec'd process gets a new pty of the
     * container's devpts as its controlling terminal and standard streams, and the master
     * arrives over the socket; the process.json's consoleSize is the pty's size — as under runc.
     */
    @Test
    void execWithATerminalSendsItsMaster() throws Exception {
        String[] out = execWithATerminal(b -> {}, EXEC_SCRIPT, (root, args) -> Runtimes.pierRunc(root, args));
        assertThat(out[1]).isEqualTo(out[0]).isEqualTo("received=1\n/dev/pts/0\nstreams=tty\ntty_nr=34816\n25 90\n");   // the controlling terminal: 136:0
    }

    /**
     * The same in a user namespace that root made for host uid 100000: the pty belongs to the
     * container's root (and the tty group), as when runc's init opens it.
     */
    @Test
    void execWithATerminalInAUserNamespaceRootMade() throws Exception {
        Exec.of("chmod", "755", tmp.toString()).check();   // the container's JVM init runs as host uid 100000
        List<String> classpath = Runtimes.readableClassPath(tmp.resolve("cp"));
        String[] out = execWithATerminal(b -> {
            b.linux().withArray("namespaces").addObject().put("type", "user");
            for (String maps : List.of("uidMappings", "gidMappings")) {
                b.linux().putArray(maps).addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            }
        }, "tty; id; ls -ln /dev/pts/0 | awk '{print $1, $3, $4}'", (root, args) -> Runtimes.pierRunc(classpath, root, args));
        assertThat(out[1]).isEqualTo(out[0]).contains("uid=0(root) gid=0", "crw--w---- 0 5\n");
    }

    /**
     * Runs {@code script} with {@code exec --tty --detach --console-socket} and a process.json
     * (consoleSize 25x90) in a running container of a bundle changed by {@code change}, under runc
     * and under {@code pierRunc}; returns what the console socket's receiver read from the master.
     */
    private String[] execWithATerminal(java.util.function.Consumer<TestBundle> change, String script,
            java.util.function.BiFunction<Path, String[], Exec> pierRunc) throws Exception {
        Path receiver = tmp.resolve("receiver.py");
        Files.writeString(receiver, RECEIVER);
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, "sleep 1000");
            change.accept(b);
            Path dir = b.write();
            Exec.of("chmod", "755", dir.toString()).check();
            Path root = tmp.resolve("root" + i);
            boolean pier = i == 1;
            java.util.function.Function<String[], Exec> rt = a -> pier ? pierRunc.apply(root, a) : Runtimes.runc(root, a);
            String id = "exectty" + i;
            rt.apply(new String[] {"run", "--detach", "--bundle", dir.toString(), id}).check();
            try {
                Path socket = tmp.resolve("exec" + i + ".sock");
                java.lang.Process python = new ProcessBuilder("python3", receiver.toString(), socket.toString())
                        .redirectErrorStream(true).start();
                for (int t = 0; t < 500 && !Files.exists(socket); t++) {
                    Thread.sleep(10);
                }
                Path process = tmp.resolve("process" + i + ".json");
                Files.writeString(process, """
                        {"terminal":true,"consoleSize":{"height":25,"width":90},"user":{"uid":0,"gid":0},"cwd":"/",
                         "env":["PATH=/bin"],"args":["sh","-c","%s"]}""".formatted(script));
                Exec.Result r = rt.apply(new String[] {"exec", "--tty", "--detach", "--console-socket", socket.toString(),
                        "--process", process.toString(), id}).run();
                assertThat(r.exitCode()).as(r.describe()).isZero();
                assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
                out[i] = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                rt.apply(new String[] {"delete", "--force", id}).run();
            }
        }
        return out;
    }
}
