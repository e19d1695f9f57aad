package dev.pier.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code umoci unpack} of an image Pier wrote gives the same tree as {@code pier unpack}. */
class InteropUnpackMatchesUmociTest {
    @TempDir
    static Path work;

    static Path layout;
    static PierCli pier;

    @BeforeAll
    static void images() throws IOException {
        dev.pier.image.testing.Peers.requireRoot(); // ownership and setuid bits are only restored by root
        layout = InteropImages.umoci(work);
        pier = new PierCli(work.resolve("store"));
    }

    @ParameterizedTest
    @ValueSource(strings = {InteropImages.MULTI, InteropImages.BUSYBOX})
    void ociLayoutWrittenByPier(String tag) throws IOException {
        Path out = work.resolve("pier-oci-" + tag);
        pier.check("copy", "oci:" + layout + ":" + tag, "oci:" + out + ":" + tag);
        assertSameTree("oci:" + out + ":" + tag, out, tag);
    }

    @Test
    void localStore() throws IOException {
        pier.check("copy", "oci:" + layout + ":" + InteropImages.MULTI, "example.org/multi:1");
        assertSameTree("example.org/multi:1", work.resolve("store"), "example.org/multi:1");
    }

    /** Through a docker-archive and back, the layers are blobs Pier wrote itself (decompressed). */
    @Test
    void layersRewrittenByPier() throws IOException {
        Path archive = work.resolve("rewritten.tar");
        Path out = work.resolve("rewritten-oci");
        pier.check("copy", "oci:" + layout + ":" + InteropImages.MULTI, "docker-archive:" + archive + ":multi:1");
        pier.check("copy", "docker-archive:" + archive, "oci:" + out + ":multi");
        assertSameTree("oci:" + out + ":multi", out, "multi");
    }

    @Test
    void fixtureHoldsWhatTheComparisonsAreAbout() throws IOException {
        Path rootfs = work.resolve("fixture-check");
        pier.check("unpack", "oci:" + layout + ":" + InteropImages.MULTI, rootfs.toString());
        TreeSnapshot t = TreeSnapshot.of(rootfs);
        assertThat(t.entries()).doesNotContainKey("data/gone").doesNotContainKeys("etc/conf/a", "etc/conf/b")
                .containsKeys("etc/conf/c", "data/" + InteropImages.LONG_NAME,
                        InteropImages.DEEP_DIR + "/file-at-the-end-of-a-long-path");
        assertThat(t.paths(e -> e.type() == 'f' && (e.mode() & 04000) != 0)).contains("bin/su");
        assertThat(t.paths(e -> "data/hl1".equals(e.hardlinkGroup()))).hasSize(3);
        assertThat(t.entries().get("etc/keeplink").linkTarget()).isEqualTo("../data/keep");
        assertThat(t.entries().get("data/owned").uid()).isEqualTo(1000);
        assertThat(t.entries().get("private").mode()).isEqualTo(0700);
        assertThat(t.entries().get("tmp").mode()).isEqualTo(01777);
    }

    private static void assertSameTree(String pierLocation, Path ociLayout, String ref) throws IOException {
        Path mine = Files.createTempDirectory(work, "pier-unpack-").resolve("rootfs");
        pier.check("unpack", pierLocation, mine.toString());
        Path theirs = InteropImages.umociUnpack(ociLayout, ref, Files.createTempDirectory(work, "umoci-").resolve("bundle"));
        TreeSnapshot expected = TreeSnapshot.of(theirs);
        assertThat(expected.entries()).hasSizeGreaterThan(3);
        assertThat(TreeSnapshot.of(mine).differences(expected)).as("pier unpack <> umoci unpack").isEmpty();
    }
}
