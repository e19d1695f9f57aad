package dev.pier.build.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Peers;
import dev.pier.image.unpack.ImageUnpacker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --jlink} image with no base is self-contained: unpacked and run with {@code chroot}
 * (as root), with nothing from the host but the kernel, it prints and serves HTTP on 127.0.0.1.
 * As a container runtime does, a new mount and pid namespace gets a fresh {@code /proc} mounted in
 * the root ({@code unshare --mount-proc}); the launcher needs it to expand {@code $ORIGIN}.
 */
class JlinkImageTest {
    @TempDir
    static Path tmp;
    static Path rootfs;
    static JavaImage built;

    @BeforeAll
    static void buildAndUnpack() throws IOException {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello-jlink");
        built = JavaContainer.fromScratch().dependencies(app.jars()).resources(app.classes()).classes(app.classes())
                .mainClass("app.Main").jlink(true).cacheDirectory(tmp.resolve("cache"))
                .containerizeTo("oci:" + tmp.resolve("out") + ":jlink");
        rootfs = tmp.resolve("rootfs");
        ImageUnpacker.withDefaults().unpackInto(JavaContainerTest.open(tmp.resolve("out"), "jlink"), rootfs);
    }

    @Test
    void theRuntimeLayerComesFirstWithOnlyTheModulesTheAppUses() throws IOException {
        assertThat(built.layers()).extracting(BuiltLayer::name).first().isEqualTo("base files and shared libraries");
        assertThat(built.layers().get(1).name()).startsWith("java runtime (jlink ").contains("jdk.httpserver");
        assertThat(built.entrypoint()).startsWith("/opt/java/bin/java");
        assertThat(Files.readString(rootfs.resolve("opt/java/release"))).contains("MODULES=\"java.base jdk.httpserver\"");
        assertThat(rootfs.resolve("lib64/ld-linux-x86-64.so.2")).isRegularFile();
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("nonroot:x:65532:65532:");
        assertThat(rootfs.resolve("tmp")).isDirectory();
    }

    @Test
    void theUnpackedImageRunsInAChrootWithNothingFromTheHost() throws Exception {
        Peers.requireRoot();
        String out = run(List.of());
        assertThat(out).startsWith("hello-jlink resource-ok java " + Runtime.version().feature()).contains("user nonroot");
    }

    @Test
    void theUnpackedImageServesHttpOnLoopback() throws Exception {
        Peers.requireRoot();
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = start(List.of("serve", Integer.toString(port)));
        try {
            var reader = p.inputReader(StandardCharsets.UTF_8);
            assertThat(reader.readLine()).isEqualTo("listening");
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("hello-jlink\n");
        } finally {
            p.destroyForcibly(); // unshare ignores SIGTERM; --kill-child takes the server with it
            p.waitFor();
        }
    }

    private static Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("unshare").toString(), "--mount", "--pid", "--fork", "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"), Peers.require("chroot").toString(), "--userspec=65532:65532", rootfs.toString()));
        cmd.addAll(built.entrypoint());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/opt/java/bin");
        pb.environment().put("HOME", "/home/nonroot");
        return pb.start();
    }

    private static String run(List<String> args) throws Exception {
        Process p = start(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
