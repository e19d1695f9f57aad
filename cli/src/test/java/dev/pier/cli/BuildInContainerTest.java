package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.Layer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier build} inside a container that {@code pier run} started without --privileged
 * (Docker's default capabilities, no CAP_SYS_ADMIN, the default seccomp profile): namespaces and
 * overlayfs are denied there, so RUN falls back to the chroot isolation and the copy-and-diff
 * snapshotter. The container is a debootstrapped Debian (glibc for the JDK) with this JDK and
 * Pier's class path bound read-only; the image it builds is written to a bound directory and its
 * layers read here.
 */
@Timeout(1800)
class BuildInContainerTest {
    static final String DOCKERFILE = """
            FROM base
            RUN echo hello > /created.txt && rm /data/old.txt && rm -rf /data/dir && mkdir /data/dir && echo y > /data/dir/y
            COPY ctx.txt /ctx.txt
            USER app
            RUN echo null > /dev/null && id -u > /tmp/uid
            USER root
            RUN rm /ctx.txt
            """;

    @TempDir
    Path tmp;

    @Test
    void buildWithRunAndCopyInAnUnprivilegedContainer() throws Exception {
        Path debian = DebianRootfs.get();
        Path store = tmp.resolve("store");
        assertThat(RegistryCliTest.pier("--root", store.toString(), "import", debian.toString(), "debian:test").status()).isZero();
        BusyboxImage.importInto(store, tmp, "busybox:test", List.of("sh", "echo", "rm", "mkdir", "id"));
        Path base = tmp.resolve("rootfs");
        Files.createDirectories(base.resolve("data/dir"));
        Files.writeString(base.resolve("data/old.txt"), "old\n");
        Files.writeString(base.resolve("data/dir/x"), "x\n");
        Files.createDirectories(base.resolve("tmp"));
        Files.setAttribute(base.resolve("tmp"), "unix:mode", 01777);
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(ctx.resolve("ctx.txt"), "from the context\n");
        Path out = Files.createDirectories(tmp.resolve("out"));

        List<String> args = new ArrayList<>(List.of("run", "--rm", "-v", System.getProperty("java.home") + ":/jdk:ro",
                "-v", base + ":/base:ro", "-v", ctx + ":/ctx:ro", "-v", out + ":/out"));
        String classPath = bindClassPath(args);
        String pier = "/jdk/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp " + classPath
                + " dev.pier.cli.Pier --root /tmp/store";
        args.addAll(List.of("debian:test", "sh", "-c", "set -e; " + pier + " import /base base; " + pier + " build -t built /ctx; "
                + pier + " copy built oci:/out/layout:built"));
        Exec.Result run = PierProcess.of(store, args.toArray(String[]::new)).timeout(Duration.ofMinutes(10)).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).as("one line says why RUN is chroot-isolated")
                .containsOnlyOnce("RUN isolation: chroot, as namespaces cannot be created here");

        List<Layer> layers = ImageLocation.parse("oci:" + out.resolve("layout") + ":built", () -> null).openSource().image().layers();
        assertThat(layers).as("the base, RUN, COPY, RUN and RUN").hasSize(5);
        assertThat(names(layers.get(1))).as("the first RUN: a new file, a removed file and a replaced directory")
                .contains("created.txt", "data/.wh.old.txt", "data/dir/y").containsAnyOf("data/dir/.wh.x", "data/dir/.wh..wh..opq")
                .noneMatch(n -> n.startsWith("dev") || n.startsWith("proc"));
        assertThat(names(layers.get(2))).containsExactly("ctx.txt");
        assertThat(names(layers.get(3))).as("the RUN as app: its file, no /dev").containsExactly("tmp/", "tmp/uid");
        assertThat(content(layers.get(3), "tmp/uid")).isEqualTo("1000\n");
        assertThat(names(layers.get(4))).as("the last RUN removed what COPY added").containsExactly(".wh.ctx.txt");
    }

    /** Binds every class path entry read-only under /cp; returns the class path inside. */
    private static String bindClassPath(List<String> args) {
        List<String> inside = new ArrayList<>();
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            Path p = Path.of(entries[i]).toAbsolutePath();
            if (Files.exists(p)) {
                String target = "/cp/" + i + (Files.isDirectory(p) ? "" : ".jar");
                args.addAll(List.of("-v", p + ":" + target + ":ro"));
                inside.add(target);
            }
        }
        return String.join(":", inside);
    }

    private static List<String> names(Layer layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static String content(Layer layer, String name) throws IOException {
        try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in layer " + layer.digest());
    }
}
