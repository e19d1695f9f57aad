package dev.pier.build.run;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.build.executor.DockerfileBuilder;
import dev.pier.build.executor.FlatTree;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.unpack.ImageUnpacker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN through the Pier runtime gives the same files as Debian's buildah (chroot isolation, vfs):
 * new files, a whiteout and an opaque directory, a hardlink, a setuid chmod — with overlayfs, with
 * the copy-and-diff fallback, and chroot-isolated with copy-and-diff (what runs inside an
 * unprivileged container).
 */
class RunBuildahComparisonTest {
    static final String DOCKERFILE = """
            ARG BASE
            FROM ${BASE}
            RUN echo hi > /a && mkdir /d && touch /d/x
            RUN rm /a && rm -rf /d && mkdir /d && echo y > /d/y
            RUN ln /d/y /d/h
            RUN chmod 4755 /bin/busybox
            """;
    /**
     * What buildah 1.28 leaves behind from its own RUN mounts (empty mount points and the files
     * it binds); BuildKit, and Pier, keep them out of the layers.
     */
    static final List<String> BUILDAH_MOUNT_POINTS = List.of("dev", "proc", "sys", "run", "etc/hostname", "etc/hosts", "etc/resolv.conf");

    @TempDir
    static Path shared;
    static LocalStore store;
    static String base;
    static Map<String, String> buildahTree;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildWithBuildah() throws Exception {
        Peers.requireRoot();
        Path buildah = Peers.require("buildah");
        store = storeWithBase(shared);
        base = "oci:" + shared.resolve("base") + ":busybox";
        try (var src = ImageLocation.parse(BASE, () -> store).openSource();
             var dst = ImageLocation.parse(base, () -> store).openDestination()) {
            ImageCopier.copy(src, dst, CopyOptions.defaults(), CopyListener.NONE);
        }
        Path ctx = context(shared, "ctx", Map.of("Dockerfile", DOCKERFILE));
        String root = shared.resolve("buildah-root").toString();
        String runroot = shared.resolve("buildah-run").toString();
        Exec.of(buildah.toString(), "--root", root, "--runroot", runroot, "--storage-driver", "vfs", "bud", "--isolation", "chroot",
                "--layers", "--timestamp", "0", "--build-arg", "BASE=" + base, "-t", "localhost/run:latest", ctx.toString()).check();
        String out = "oci:" + shared.resolve("buildah-out") + ":out";
        Exec.of(buildah.toString(), "--root", root, "--runroot", runroot, "--storage-driver", "vfs", "push", "localhost/run:latest", out).check();
        Path fs = shared.resolve("buildah-fs");
        ImageUnpacker.withDefaults().unpackInto(ImageLocation.parse(out, () -> store).openSource().image(), fs);
        buildahTree = new TreeMap<>(FlatTree.of(fs));
        for (String p : BUILDAH_MOUNT_POINTS) {
            String d = buildahTree.remove(p);
            assertThat(d).as(p).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).matches("(dir|file) .* 0:0( 0 .*)?"));
        }
    }

    @Test
    void sameFilesAsBuildahWithOverlayfs() throws Exception {
        assertThat(OverlayRoot.available(tmp)).as("overlayfs on this machine").isTrue();
        assertSameAsBuildah(RuntimeRunStep.Mode.AUTO);
    }

    @Test
    void sameFilesAsBuildahWithCopyAndDiff() throws Exception {
        assertSameAsBuildah(RuntimeRunStep.Mode.COPY);
    }

    @Test
    void sameFilesAsBuildahChrootIsolatedWithCopyAndDiff() throws Exception {
        assertSameAsBuildah(RuntimeRunStep.Mode.COPY, Isolation.CHROOT);
    }

    private void assertSameAsBuildah(RuntimeRunStep.Mode mode) throws Exception {
        assertSameAsBuildah(mode, Isolation.OCI);
    }

    private void assertSameAsBuildah(RuntimeRunStep.Mode mode, Isolation isolation) throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", DOCKERFILE));
        String out = "oci:" + tmp.resolve("pier-out") + ":out";
        List<String> progress = new ArrayList<>();
        DockerfileBuilder.build(store, options(ctx, progress).withNoCache(true).withBuildArgs(Map.of("BASE", base))
                .withOutputs(List.of(out)).withRunStep(new RuntimeRunStep(tmp.resolve("cache-mounts"), mode, isolation, progress::add)));
        Path fs = tmp.resolve("pier-fs");
        var image = ImageLocation.parse(out, () -> store).openSource().image();
        ImageUnpacker.withDefaults().unpackInto(image, fs);
        assertThat(FlatTree.of(fs)).isEqualTo(buildahTree);
        assertThat(FlatTree.of(fs)).containsKeys("d/y", "d/h").doesNotContainKeys("a", "d/x", "proc", "dev", "sys");
        assertThat(FlatTree.of(fs).get("bin/busybox")).startsWith("file 4755 0:0");
        Object y = Files.getAttribute(fs.resolve("d/y"), "unix:ino");
        assertThat(Files.getAttribute(fs.resolve("d/h"), "unix:ino")).as("d/h is a hardlink of d/y").isEqualTo(y);
        assertThat(LayerEntries.names(image.layers().get(2))).as("the second RUN's layer").contains(".wh.a", "d/", "d/y")
                .containsAnyOf("d/.wh..wh..opq", "d/.wh.x");
    }
}
