package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.Layer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier build} with RUN as a user that is not root, with subordinate id ranges: it runs the
 * build again in a user namespace (the user as root, its /etc/subuid range as 1 and up), where
 * RUN's container, extraction with owners and overlayfs (userxattr) work. The user is
 * {@link RootlessUser}'s.
 */
@Timeout(600)
class RootlessBuildTest {
    static final String USER = RootlessUser.NAME;
    static final String DOCKERFILE = """
            FROM base
            RUN echo hello > /created.txt && rm /data/old.txt && rm -rf /data/dir && mkdir /data/dir && echo y > /data/dir/y
            USER app
            RUN id -u > /tmp/uid && id -g >> /tmp/uid
            """;

    @TempDir
    Path tmp;

    @Test
    void runWorksForAUserWithSubordinateIds() throws Exception {
        RootlessUser.ensure();
        BusyboxImage.importInto(tmp.resolve("unused-store"), tmp, "busybox:test", List.of("sh", "echo", "rm", "mkdir", "id"));
        Path base = tmp.resolve("rootfs");
        Files.createDirectories(base.resolve("data/dir"));
        Files.writeString(base.resolve("data/old.txt"), "old\n");
        Files.writeString(base.resolve("data/dir/x"), "x\n");
        Files.createDirectories(base.resolve("tmp"));
        Files.setAttribute(base.resolve("tmp"), "unix:mode", 01777);
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE);
        String classPath = RootlessUser.readableClassPath(tmp);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Exec.of("chmod", "-R", "a+rX", tmp.toString()).check();
        Exec.of("chown", USER, home.toString()).check();

        String pier = ProcessHandle.current().info().command().orElseThrow() + " --enable-native-access=ALL-UNNAMED -cp " + classPath
                + " dev.pier.cli.Pier --root " + home.resolve("store");
        String script = "set -e; " + pier + " import " + base + " base; " + pier + " build -t built " + ctx + "; "
                + pier + " copy built oci:" + home.resolve("out") + ":built";
        Exec.Result r = RootlessUser.run(home, script);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(Files.getAttribute(home.resolve("store"), "unix:uid")).as("the store is the user's")
                .isEqualTo(Files.getAttribute(home, "unix:uid"));

        List<Layer> layers = ImageLocation.parse("oci:" + home.resolve("out") + ":built", () -> null).openSource().image().layers();
        assertThat(layers).hasSize(3);
        List<String> first = entries(layers.get(1));
        assertThat(first).as("files made by root in the namespace are root's in the layer")
                .contains("created.txt 0:0", "data/dir/y 0:0", "data/.wh.old.txt 0:0")
                .containsAnyOf("data/dir/.wh..wh..opq 0:0", "data/dir/.wh.x 0:0");
        assertThat(entries(layers.get(2))).as("USER app (1000) is a subordinate id of the user").contains("tmp/uid 1000:1000");
    }

    /** "name uid:gid" of each entry. */
    private static List<String> entries(Layer layer) throws Exception {
        List<String> out = new ArrayList<>();
        try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.add(e.getName() + " " + e.getLongUserId() + ":" + e.getLongGroupId());
            }
        }
        return out;
    }
}
