package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier run} and the commands around it as a user that is not root ({@link RootlessUser}),
 * with real busybox containers: each command joins the user namespace its store's pause process
 * holds (the user as root, its /etc/subuid range as 1 and up), so a detached container is the same
 * one for later commands; the default network is slirp4netns. The store is the default one,
 * {@code ~/.local/share/pier} of the user's home. A debootstrapped Debian image runs too, with
 * its files' owners and users mapped.
 */
@Timeout(900)
class RootlessRunTest {
    private static final String IMAGE = "busybox:rootless";
    private static final List<String> APPLETS = List.of("sh", "id", "echo", "cat", "grep", "pwd", "ls", "stat", "touch", "nc",
            "httpd", "mkdir", "sleep", "true", "wc");

    @TempDir
    static Path tmp;
    static Path home;
    static String pier;

    @BeforeAll
    static void userAndImage() throws Exception {
        RootlessUser.ensure();
        Peers.require("slirp4netns", "slirp4netns");
        BusyboxImage.importInto(tmp.resolve("unused-store"), tmp, IMAGE, APPLETS);
        String classPath = RootlessUser.readableClassPath(tmp);
        Exec.of("chmod", "-R", "a+rX", tmp.resolve("rootfs").toString()).check();
        Exec.of("chmod", "a+rx", tmp.toString()).check();
        home = Files.createDirectories(tmp.resolve("home"));
        Exec.of("chown", RootlessUser.NAME, home.toString()).check();
        pier = ProcessHandle.current().info().command().orElseThrow() + " --enable-native-access=ALL-UNNAMED -cp " + classPath
                + " dev.pier.cli.Pier";
        Exec.Result imported = RootlessUser.run(home, pier + " import " + tmp.resolve("rootfs") + " " + IMAGE);
        assertThat(imported.exitCode()).as(imported.describe()).isZero();
    }

    @AfterAll
    static void stopThePauseProcess() throws Exception {
        if (home != null) {
            pausePid().ifPresent(pid -> Exec.of("kill", String.valueOf(pid)).run());
        }
    }

    @Test
    void runsTheImagesProcessWithTheDefaultSecurityAsTheMappedUser() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Exec.of("chown", RootlessUser.NAME, data.toString()).check();
        Files.setAttribute(data, "unix:mode", 01777);
        Exec.Result app = pier("run --rm -e GREETING=hi -w /work -u app -v " + data + ":/data " + IMAGE + " sh -c '"
                + "id -u; id -g; echo $GREETING; pwd; grep -E \"^(CapEff|NoNewPrivs|Seccomp):\" /proc/self/status; "
                + "stat -c %F /proc/keys; stat -c %u /data; touch /data/by-app; exit 3'");
        assertThat(app.exitCode()).as(app.describe()).isEqualTo(3);
        assertThat(app.stdout().lines().toList()).as(app.describe()).containsExactly("1000", "1000", "hi", "/work",
                "CapEff:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2", "character special file", "0");
        assertThat(Files.getAttribute(data.resolve("by-app"), "unix:uid")).as("app (1000) is the user's subordinate id 999 above its first")
                .isEqualTo((int) (RootlessUser.subuidStart() + 999));

        Exec.Result root = pier("run --rm -v " + data + ":/data " + IMAGE + " sh -c 'grep ^CapEff: /proc/self/status; touch /data/by-root'");
        assertThat(root.exitCode()).as(root.describe()).isZero();
        assertThat(root.stdout().strip()).as("Docker's 14 capabilities for root").isEqualTo("CapEff:\t00000000a80425fb");
        assertThat(root.stderr()).as("root of the user namespace is the user on the host: no warning about root").doesNotContain("warning");
        assertThat(Files.getAttribute(data.resolve("by-root"), "unix:uid")).as("root inside is the user outside")
                .isEqualTo(Files.getAttribute(home, "unix:uid"));
        assertNothingLeft();
    }

    @Test
    void aDetachedContainerIsTheSameForLaterCommands() throws Exception {
        Exec.Result started = pier("run -d --name bg " + IMAGE + " sh -c 'trap \"echo got-term; exit 0\" TERM; echo started; "
                + "while true; do sleep 1; done'");
        assertThat(started.exitCode()).as(started.describe()).isZero();
        Exec.Result ps = pier("ps");
        assertThat(ps.stdout()).as(ps.describe()).contains("bg").contains("Up");
        Exec.Result exec = pier("exec -u app bg sh -c 'id -u; cat /proc/1/cmdline'");
        assertThat(exec.exitCode()).as(exec.describe()).isZero();
        assertThat(exec.stdout()).startsWith("1000\nsh");
        Exec.Result stop = pier("stop -t 20 bg");
        assertThat(stop.exitCode()).as(stop.describe()).isZero();
        Exec.Result all = pier("ps -a");
        assertThat(all.stdout()).as("SIGTERM, trapped: exit 0 before the timeout").contains("Exited (0)");
        Exec.Result logs = pier("logs bg");
        assertThat(logs.stdout()).as(logs.describe()).contains("started").contains("got-term");
        Exec.Result rm = pier("rm bg");
        assertThat(rm.exitCode()).as(rm.describe()).isZero();
        assertThat(pier("ps -a").stdout()).doesNotContain("bg");
        assertNothingLeft();
    }

    @Test
    void aStoppedShellStartsAgainWithTheUsersInput() throws Exception {
        Exec.Result first = pier("run --name again " + IMAGE + " sh");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Exec.Result again = RootlessUser.run(home, "printf 'id -u; touch /kept; exit 4\\n' | " + pier + " start -ai again");
        assertThat(again.exitCode()).as(again.describe()).isEqualTo(4);
        assertThat(again.stdout()).as(again.describe()).isEqualTo("0\n");
        Exec.Result third = pier("start -a again");
        assertThat(third.exitCode()).as("in the same namespace, its rootfs as it was left. " + third.describe()).isZero();
        Exec.Result kept = RootlessUser.run(home, "echo 'test -f /kept' | " + pier + " start -ai again");
        assertThat(kept.exitCode()).as(kept.describe()).isZero();
        Exec.Result rm = pier("rm again");
        assertThat(rm.exitCode()).as(rm.describe()).isZero();
        assertNothingLeft();
    }

    @Test
    void slirp4netnsByDefaultNoneWithOnlyLoopbackAndPublishedPorts() throws Exception {
        Exec.Result none = pier("run --rm --network none " + IMAGE + " ls /sys/class/net");
        assertThat(none.stdout().lines().toList()).as(none.describe()).containsExactly("lo");
        Exec.Result slirp = pier("run --rm " + IMAGE + " sh -c 'ls /sys/class/net; cat /etc/resolv.conf'");
        assertThat(slirp.stdout().lines().toList()).as(slirp.describe()).containsExactly("lo", "tap0", "nameserver 10.0.2.3");

        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> greet(server));
            String connect = IMAGE + " sh -c 'nc -w 5 10.0.2.2 " + server.getLocalPort() + " </dev/null || echo refused'";
            Exec.Result blocked = pier("run --rm " + connect);
            assertThat(blocked.stdout()).as("the host's loopback is out of reach by default: " + blocked.describe())
                    .contains("refused").doesNotContain("hello-from-host");
            Exec.Result allowed = pier("run --rm --network slirp4netns:allow_host_loopback=true " + connect);
            assertThat(allowed.stdout()).as(allowed.describe()).contains("hello-from-host");
        }

        int port = freePort();
        Exec.Result web = pier("run -d --name web -p 127.0.0.1:" + port + ":80 " + IMAGE
                + " sh -c 'mkdir -p /w && echo hello-published > /w/index.html && exec httpd -f -p 80 -h /w'");
        assertThat(web.exitCode()).as(web.describe()).isZero();
        try {
            assertThat(HttpPoll.get("http://127.0.0.1:" + port + "/index.html")).isEqualTo("hello-published\n");
        } finally {
            Exec.Result rm = pier("rm -f web");
            assertThat(rm.exitCode()).as(rm.describe()).isZero();
        }
        assertNothingLeft();
    }

    @Test
    void aDebianImageRunsWithItsOwnersAndUsers() throws Exception {
        Path rootfs = DebianRootfs.get();
        Path archive = tmp.resolve("debian.tar");
        String store = tmp.resolve("root-store").toString();   // root reads the whole tree (/etc/shadow...); the user copies the image
        assertThat(RegistryCliTest.pier("--root", store, "import", rootfs.toString(), "debian:test").status()).isZero();
        assertThat(RegistryCliTest.pier("--root", store, "copy", "debian:test", "oci-archive:" + archive).status()).isZero();
        Files.setAttribute(archive, "unix:mode", 0644);
        Exec.Result copied = pier("copy oci-archive:" + archive + " debian:test");
        assertThat(copied.exitCode()).as(copied.describe()).isZero();
        Exec.Result nobody = pier("run --rm -u nobody debian:test sh -c 'id -un; stat -c %U:%G /etc/shadow; cat /etc/shadow || true'");
        assertThat(nobody.stdout().lines().toList()).as(nobody.describe()).containsExactly("nobody", "root:shadow");
        assertThat(nobody.stderr()).contains("Permission denied");
        Exec.Result root = pier("run --rm debian:test sh -c '. /etc/os-release && echo $ID && rm /usr/bin/apt-mark "
                + "&& rm -r /usr/share/doc && mkdir /usr/share/doc && ls /usr/share/doc | wc -l && test ! -e /usr/bin/apt-mark && echo removed'");
        assertThat(root.stdout().lines().toList()).as("whiteouts and an opaque directory in the rootless overlay: " + root.describe())
                .containsExactly("debian", "0", "removed");
        assertNothingLeft();
    }

    @Test
    void limitsAndTheBridgeAreRefusedInOneLine() {
        Exec.Result memory = pier("run --rm --memory 64m " + IMAGE + " true");
        assertThat(memory.exitCode()).isEqualTo(1);
        assertThat(memory.stderr().strip()).isEqualTo(
                "pier: --memory needs a cgroup, and a rootless user has none delegated here: run as root, or without it");
        Exec.Result limits = pier("run --rm --cpus 0.5 --pids-limit 10 " + IMAGE + " true");
        assertThat(limits.stderr().strip()).as(limits.describe()).startsWith("pier: --cpus, --pids-limit need a cgroup").doesNotContain("\n");
        Exec.Result bridge = pier("run --rm --network bridge " + IMAGE + " true");
        assertThat(bridge.exitCode()).isEqualTo(1);
        assertThat(bridge.stderr().strip()).as(bridge.describe()).startsWith("pier: --network bridge needs root").doesNotContain("\n");
    }

    private static Exec.Result pier(String args) {
        return RootlessUser.run(home, pier + " " + args);
    }

    /** No container directory, no mount of the store in the user's namespace, no slirp4netns left running. */
    private static void assertNothingLeft() throws Exception {
        Path store = home.resolve(".local/share/pier");
        Path containers = store.resolve("containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> left = Files.list(containers)) {
                assertThat(left.toList()).as("container directories").isEmpty();
            }
        }
        long pid = pausePid().orElseThrow();
        assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))).as("mounts in the user's namespace")
                .noneMatch(l -> l.contains(store.toString()));
        assertThat(Exec.of("pgrep", "-u", RootlessUser.NAME, "slirp4netns").run().stdout()).as("slirp4netns processes").isEmpty();
    }

    private static java.util.Optional<Long> pausePid() throws IOException {
        Path file = home.resolve(".local/share/pier/" + PauseProcess.PID_FILE);
        return Files.exists(file) ? java.util.Optional.of(Long.parseLong(Files.readString(file).strip().split(" ")[0]))
                : java.util.Optional.empty();
    }

    private static void greet(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                out.write("hello-from-host\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
