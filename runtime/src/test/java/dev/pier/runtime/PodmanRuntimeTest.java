package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.config.ConfigChange;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.ImageImporter;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real engine drives pier-runc: {@code podman --runtime <pier-runc> run} on a busybox image.
 * This host's bounding set lacks CAP_SYS_RESOURCE, so podman's default rlimits (which raise
 * nofile and nproc) fail under every runtime, runc's included; the test asks podman for limits
 * below the current ones, as the issue allows ("configure podman's default ulimits").
 */
@Timeout(600)
class PodmanRuntimeTest {
    @TempDir
    Path tmp;
    private Path podman;
    private Path pierRunc;

    @BeforeEach
    void setUp() throws IOException {
        Peers.requireRoot();
        podman = Peers.require("podman");
        pierRunc = tmp.resolve("pier-runc");
        String java = ProcessHandle.current().info().command().orElseThrow();
        // pier-runc as ./pier-runc starts it, on this module's classes.
        Files.writeString(pierRunc, "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC"
                + " -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' dev.pier.runtime.cli.PierRunc \"$@\"\n");
        Files.setPosixFilePermissions(pierRunc, PosixFilePermissions.fromString("rwxr-xr-x"));

        TestBundle bundle = TestBundle.create(Files.createDirectories(tmp.resolve("b")), "true");
        ContainerConfig config = ConfigChange.parse("CMD [\"/bin/sh\"]").applyTo(ContainerConfig.EMPTY);
        Path archive = tmp.resolve("busybox.tar");
        try (var dst = ImageLocation.parse("oci-archive:" + archive + ":busybox", () -> null).openDestination()) {
            ImageImporter.importPath(bundle.dir.resolve("rootfs"), dst, ImportOptions.defaults().withConfig(config));
        }
        podman("load", "-q", "-i", archive.toString()).check();
    }

    @AfterEach
    void tearDown() {
        if (podman != null) {
            podman("rm", "--all", "--force").run();
            podman("rmi", "--all", "--force").run();
        }
    }

    private Exec podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of(podman.toString(), "--root", tmp.resolve("root").toString(),
                "--runroot", tmp.resolve("runroot").toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "file"));
        cmd.addAll(List.of(args));
        return Exec.of(cmd).timeout(java.time.Duration.ofMinutes(5));
    }

    private Exec.Result run(String... command) {
        List<String> args = new ArrayList<>(List.of("--runtime", pierRunc.toString(), "run", "--rm",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "none", "localhost/busybox"));
        args.addAll(List.of(command));
        return podman(args.toArray(String[]::new)).run();
    }

    /**
     * podman runs the container, its output reaches podman's stdout, and podman reports its exit
     * status: the init stub is the direct child of {@code pier-runc create}, reparented to conmon
     * (podman's subreaper) when create exits, so conmon reaps it.
     */
    @Test
    void podmanRunsAContainerThroughPierRunc() {
        var r = run("sh", "-c", "echo hello from pier-runc; id -u; grep -E '^(NoNewPrivs|CapBnd)' /proc/self/status; ls /proc/1/exe >/dev/null && echo pid1-ok");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("hello from pier-runc", "pid1-ok").containsPattern("(?m)^0$")
                .containsPattern("(?m)^CapBnd:\\t0+[0-9a-f]+$");
        assertThat(r.stderr()).as(r.describe()).doesNotContain("pier-runc:");
    }

    /** The container's exit status is podman's, as under runc. */
    @Test
    void podmanReportsTheContainersExitStatus() {
        var r = run("sh", "-c", "echo before exit; exit 3");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdout()).contains("before exit");
    }

    /**
     * {@code podman exec} (conmon runs {@code pier-runc exec --process FILE --pid-file FILE
     * --detach}): the process runs in the container, its output and exit status reach podman.
     */
    @Test
    void podmanExecsIntoARunningContainer() {
        Exec.Result started = podman("--runtime", pierRunc.toString(), "run", "-d", "--name", "svc", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", "--network", "none", "localhost/busybox", "sleep", "1000").run();
        assertThat(started.exitCode()).as(started.describe()).isZero();
        Exec.Result r = podman("--runtime", pierRunc.toString(), "exec", "-e", "GREETING=hi", "svc", "sh", "-c",
                "echo $GREETING; cat /proc/1/cmdline | tr '\\0' ' '; echo; exit 4").run();
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(4);
        assertThat(r.stdout()).as(r.describe()).isEqualTo("hi\nsleep 1000 \n");
    }
}
