package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier slim} on a debootstrapped Debian image (issue 9): the slim image still runs the
 * program, with only the seccomp profile and capabilities slim wrote, and is at least 10 times
 * smaller.
 */
@Timeout(1800)
class SlimCliTest {
    /** A small program: a shell, sed, grep, sort, cut and tr over files of the image. */
    static final String SCRIPT = "grep ^ID= /etc/os-release | sed s/ID=/distro=/; cut -d. -f1 /etc/debian_version | tr 0-9 a-j;"
            + " printf 'pear\\napple\\nfig\\n' | sort; echo done";

    @TempDir
    Path tmp;

    @Test
    void theSlimImageRunsTheProgramAndIsTenTimesSmaller() throws Exception {
        Path rootfs = DebianRootfs.get();
        Peers.require("strace");
        String store = tmp.resolve("store").toString();
        assertThat(RegistryCliTest.pier("--root", store, "import", rootfs.toString(), "debian:test").status()).isZero();
        Exec.Result original = pier("--root", store, "run", "--rm", "debian:test", "sh", "-c", SCRIPT);
        assertThat(original.exitCode()).as(original.describe()).isZero();
        assertThat(original.stdout()).startsWith("distro=debian\n").contains("apple\nfig\npear\ndone\n");

        Path profile = tmp.resolve("seccomp.json");
        Exec.Result slim = pier("--root", store, "slim", "--seccomp-profile", profile.toString(), "--format", "json",
                "-t", "debian:slim", "debian:test", "sh", "-c", SCRIPT);
        assertThat(slim.exitCode()).as(slim.describe()).isZero();
        assertThat(slim.stdout()).as("the traced run's own output comes first").startsWith(original.stdout());
        JsonNode report = Json.tree(slim.stdout().substring(original.stdout().length()).getBytes(StandardCharsets.UTF_8), "report");
        long before = report.path("before").path("compressed").asLong();
        long after = report.path("after").path("compressed").asLong();
        System.out.printf("pier slim: %d -> %d bytes compressed, %d -> %d bytes in %d -> %d files%n", before, after,
                report.path("before").path("bytes").asLong(), report.path("after").path("bytes").asLong(),
                report.path("before").path("files").asLong(), report.path("after").path("files").asLong());
        assertThat(after * 10).as("at least 10x smaller compressed").isLessThanOrEqualTo(before);
        assertThat(report.path("after").path("bytes").asLong() * 10).isLessThanOrEqualTo(report.path("before").path("bytes").asLong());
        assertThat(report.path("capabilities").size()).as("the program needs no capability").isZero();

        JsonNode seccomp = Json.tree(Files.readAllBytes(profile), "profile");
        assertThat(seccomp.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        List<String> allowed = new ArrayList<>();
        seccomp.path("syscalls").get(0).path("names").forEach(n -> allowed.add(n.asText()));
        assertThat(allowed).contains("execve", "openat", "read", "write").doesNotContain("mount", "ptrace", "bpf", "unshare");

        Exec.Result rerun = pier("--root", store, "run", "--rm", "--cap-drop", "ALL", "--security-opt", "seccomp=" + profile, "debian:slim");
        assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
        assertThat(rerun.stdout()).as("the slim image runs the traced command by default, confined").isEqualTo(original.stdout());

        Exec.Result missing = pier("--root", store, "run", "--rm", "debian:slim", "ls", "/usr/bin/apt-get");
        assertThat(missing.exitCode()).as("what the program did not use is gone: %s", missing.describe()).isNotZero();
    }

    @Test
    void theHttpProbeExercisesAServerThatSlimThenStops() throws Exception {
        Peers.requireRoot();
        Peers.require("strace");
        Path root = tmp.resolve("web");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("www"));
        Files.copy(Peers.require("busybox", "busybox-static"), root.resolve("bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/httpd"), Path.of("busybox"));
        Files.createSymbolicLink(root.resolve("bin/cat"), Path.of("busybox"));
        Files.writeString(root.resolve("www/index.html"), "hello\n");
        Files.writeString(root.resolve("www/unused.html"), "never asked for\n");
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String store = tmp.resolve("store").toString();
        String cmd = "CMD [\"/bin/httpd\", \"-f\", \"-p\", \"127.0.0.1:" + port + "\", \"-h\", \"/www\"]";
        assertThat(RegistryCliTest.pier("--root", store, "import", "-c", cmd, root.toString(), "web:1").status()).isZero();
        Exec.Result slim = pier("--root", store, "slim", "--http-probe", port + "/index.html", "--format", "json", "web:1");
        assertThat(slim.exitCode()).as(slim.describe()).isZero();
        JsonNode report = Json.tree(slim.stdout().substring(slim.stdout().indexOf("{\n")).getBytes(StandardCharsets.UTF_8), "report");
        assertThat(report.path("probeStatus").asInt()).isEqualTo(200);
        assertThat(report.path("image").asText()).isEqualTo("web:1-slim");
        Path unpacked = tmp.resolve("unpacked");
        assertThat(RegistryCliTest.pier("--root", store, "unpack", "web:1-slim", unpacked.toString()).status()).isZero();
        assertThat(unpacked.resolve("www/index.html")).hasContent("hello");
        assertThat(unpacked.resolve("bin/httpd")).isSymbolicLink();
        assertThat(unpacked.resolve("www/unused.html")).doesNotExist();
        assertThat(unpacked.resolve("bin/cat")).doesNotExist();
    }

    @Test
    void badInputIsOneLineAndStatusOne() {
        var probe = RegistryCliTest.pier("--root", tmp.toString(), "slim", "--http-probe", "web", "debian:test");
        assertThat(probe.status()).isEqualTo(1);
        assertThat(probe.err().strip()).isEqualTo("pier: --http-probe web: expected PORT[/PATH] with a port from 1 to 65535");
        var include = RegistryCliTest.pier("--root", tmp.toString(), "slim", "--include", "etc/x", "debian:test");
        assertThat(include.status()).isEqualTo(1);
        assertThat(include.err()).contains("must be absolute").hasLineCount(1);
        var target = RegistryCliTest.pier("--root", tmp.toString(), "slim", "oci:/nowhere", "true");
        assertThat(target.status()).isEqualTo(1);
        assertThat(target.err()).contains("-t").hasLineCount(1);
    }

    @Test
    void theDefaultNameIsTheTagWithSlim() {
        assertThat(SlimCommand.defaultTarget("debian")).isEqualTo("debian:latest-slim");
        assertThat(SlimCommand.defaultTarget("registry.example:5000/app:1.2")).isEqualTo("registry.example:5000/app:1.2-slim");
    }

    /** The pier CLI in a JVM of its own, so the containers' output (this JVM's file descriptors) can be read. */
    static Exec.Result pier(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Pier.class.getName()));
        cmd.addAll(List.of(args));
        return Exec.of(cmd).timeout(Duration.ofMinutes(10)).run();
    }
}
