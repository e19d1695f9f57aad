package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LayerApplierTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Instant T = Instant.ofEpochSecond(1_600_000_000);

    static ApplyResult apply(byte[] tar, Path root) throws IOException {
        return LayerApplier.apply(new ByteArrayInputStream(tar), "layer test", root, ExtractOptions.defaults());
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripThroughWriterAndApplier(Compression c, @TempDir Path tmp) throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Path root = Files.createDirectory(tmp.resolve("root"));
        LayerWriterTest.makeTree(src, false);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (LayerWriter w = LayerWriter.open(blob, c, LayerOptions.reproducible(T))) {
            w.addTree(src);
            w.finish();
        }
        ApplyResult result = LayerApplier.applyCompressed(new ByteArrayInputStream(blob.toByteArray()), c, "layer t",
                root, ExtractOptions.defaults());
        assertThat(result.skipped()).isEmpty();

        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("ay");
        assertThat(Files.readString(root.resolve("sub/deeper/file"))).isEqualTo("deep");
        assertThat(Files.readString(root.resolve(LayerWriterTest.LONG_NAME))).isEqualTo("long");
        assertThat(Files.readString(root.resolve(LayerWriterTest.LONGER_DIR).resolve("z".repeat(100)))).isEqualTo("longer");
        assertThat(mode(root.resolve("sub"))).isEqualTo(0700);
        assertThat(mode(root.resolve("suid"))).isEqualTo(04755);
        assertThat(Files.readSymbolicLink(root.resolve("abs-link"))).isEqualTo(Path.of("/etc/hostname"));
        assertThat(Files.readSymbolicLink(root.resolve("rel-link"))).isEqualTo(Path.of("sub/deeper/file"));
        assertThat(Files.getAttribute(root.resolve("z-hardlink"), "unix:ino"))
                .isEqualTo(Files.getAttribute(root.resolve("a.txt"), "unix:ino"));
        assertThat((Integer) Files.getAttribute(root.resolve("fifo"), "unix:mode", NOFOLLOW) & 0170000).isEqualTo(0010000);
        for (String p : new String[] {"a.txt", "sub", "sub/deeper", "fifo", "suid"}) {
            assertThat(Files.getLastModifiedTime(root.resolve(p), NOFOLLOW).toInstant()).as(p).isEqualTo(T);
        }
        // Writing the extracted tree again gives the same layer: nothing was lost on the way.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try (LayerWriter w1 = LayerWriter.open(first, Compression.NONE, LayerOptions.reproducible(T));
             LayerWriter w2 = LayerWriter.open(again, Compression.NONE, LayerOptions.reproducible(T))) {
            assertThat(w2.addTree(root).finish().diffId()).isEqualTo(w1.addTree(src).finish().diffId());
        }
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesAcrossLayers(@TempDir Path root) throws IOException {
        apply(new TestTars()
                .dir("a").file("a/x", "x").file("a/y", "y")
                .dir("b").file("b/z", "z")
                .dir("c").file("c/old", "old").dir("c/sub").file("c/sub/old", "old")
                .dir("d").file("d/keep", "k")
                .symlink("e", "d")
                .bytes(), root);
        ApplyResult second = apply(new TestTars()
                .file("a/.wh.x", "")
                .file("c/new", "new")              // written before the opaque marker: must survive
                .dir("c/sub").file("c/sub/new", "new")
                .file("c/.wh..wh..opq", "")
                .file("b", "now a file")           // replaces a directory
                .file(".wh.e", "")                  // removes the symlink, not its target
                .file(".wh.nothing-there", "")
                .file("d/.wh..wh.plnk", "")         // aufs metadata: ignored
                .bytes(), root);
        assertThat(second.entries()).isEqualTo(9);
        assertThat(root.resolve("a/x")).doesNotExist();
        assertThat(Files.readString(root.resolve("a/y"))).isEqualTo("y");
        assertThat(Files.readString(root.resolve("b"))).isEqualTo("now a file");
        assertThat(Files.readString(root.resolve("c/new"))).isEqualTo("new");
        assertThat(Files.readString(root.resolve("c/sub/new"))).isEqualTo("new");
        assertThat(root.resolve("c/old")).doesNotExist();
        assertThat(root.resolve("c/sub/old")).doesNotExist();
        assertThat(Files.exists(root.resolve("e"), NOFOLLOW)).isFalse();
        assertThat(Files.readString(root.resolve("d/keep"))).isEqualTo("k");
        assertThat(root.resolve("d/.wh..wh.plnk")).doesNotExist();
    }

    @Test
    void whiteoutDoesNotRemoveEntriesOfItsOwnLayer(@TempDir Path root) throws IOException {
        apply(new TestTars().file("f", "lower").bytes(), root);
        apply(new TestTars().file("g", "same layer").file(".wh.g", "").file(".wh.f", "").bytes(), root);
        assertThat(Files.readString(root.resolve("g"))).isEqualTo("same layer");
        assertThat(root.resolve("f")).doesNotExist();
    }

    @Test
    void directoryOverDirectoryKeepsContentAndReplacementsDoNotWriteThrough(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path outside = Files.writeString(tmp.resolve("outside"), "untouched");
        apply(new TestTars().dir("d").file("d/f", "f").symlink("s", outside.toString()).file("h", "h").bytes(), root);
        apply(new TestTars().entry("d/", TarConstants.LF_DIR, null, null).file("s", "replaced link").bytes(), root);
        assertThat(Files.readString(root.resolve("d/f"))).isEqualTo("f");
        assertThat(Files.isSymbolicLink(root.resolve("s"))).isFalse();
        assertThat(Files.readString(root.resolve("s"))).isEqualTo("replaced link");
        assertThat(Files.readString(outside)).isEqualTo("untouched");
    }

    @Test
    void directoryTimesAreSetAfterTheirContent(@TempDir Path root) throws IOException {
        byte[] tar = new TestTars().dir("d").file("d/a", "a").file("d/b", "b").bytes();
        apply(tar, root);
        // d must keep its own mtime, not the time its children were written.
        FileTime dirTime = Files.getLastModifiedTime(root.resolve("d"));
        assertThat(dirTime).isEqualTo(TestTars.MTIME);
    }

    @Test
    void ownershipAppliedAsRootOrReported(@TempDir Path tmp) throws IOException {
        byte[] tar = ownedTar();
        Path asRoot = Files.createDirectory(tmp.resolve("asroot"));
        Path rootless = Files.createDirectory(tmp.resolve("rootless"));
        ApplyResult reported = LayerApplier.apply(new ByteArrayInputStream(tar), "layer t", rootless,
                ExtractOptions.defaults().withApplyOwnership(false));
        assertThat(reported.unappliedOwnership()).contains(new UnappliedOwnership("owned", 1234, 5678));
        assumeTrue(ProcessIdentity.current().isRoot(), "lchown needs root");
        ApplyResult applied = LayerApplier.apply(new ByteArrayInputStream(tar), "layer t", asRoot, ExtractOptions.defaults());
        assertThat(applied.unappliedOwnership()).isEmpty();
        assertThat(Files.getAttribute(asRoot.resolve("owned"), "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(asRoot.resolve("owned"), "unix:gid")).isEqualTo(5678);
        assertThat(Files.getAttribute(asRoot.resolve("link"), "unix:uid", NOFOLLOW)).isEqualTo(1234);
        assertThat(mode(asRoot.resolve("owned"))).isEqualTo(06755); // chown did not clear setuid/setgid
    }

    private static byte[] ownedTar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerWriter w = LayerWriter.open(out, Compression.NONE, LayerOptions.reproducible())) {
            byte[] data = "x".getBytes(StandardCharsets.UTF_8);
            w.addFile("owned", new EntryAttributes(06755, 1234, 5678, T,
                    Map.of("user.pier", "yes", "security.capability", "not text really")), 1, new ByteArrayInputStream(data));
            w.addSymlink("link", "owned", EntryAttributes.of(0777, 1234, 5678));
            w.finish();
        }
        return out.toByteArray();
    }

    @Test
    void userXattrsAppliedOthersReported(@TempDir Path root) throws IOException {
        ApplyResult r = apply(ownedTar(), root);
        assertThat(r.skipped()).anySatisfy(s -> assertThat(s).contains("security.capability"));
        var view = Files.getFileAttributeView(root.resolve("owned"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        try {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(view.size("pier"));
            view.read("pier", buf);
            assertThat(new String(buf.array(), StandardCharsets.UTF_8)).isEqualTo("yes");
        } catch (IOException e) {
            assumeTrue(false, "file system without user xattrs: " + e.getMessage());
        }
    }

    @Test
    void deviceNodesNeedRoot(@TempDir Path root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerWriter w = LayerWriter.open(out, Compression.NONE, LayerOptions.reproducible())) {
            w.addDevice("null", EntryType.CHAR_DEVICE, 1, 3, EntryAttributes.of(0666));
            w.finish();
        }
        ApplyResult r = apply(out.toByteArray(), root);
        if (ProcessIdentity.current().isRoot()) {
            assertThat(Files.getAttribute(root.resolve("null"), "unix:rdev", NOFOLLOW)).isEqualTo(0x103L);
            assertThat(mode(root.resolve("null"))).isEqualTo(0666);
        } else {
            assertThat(r.skipped()).singleElement().asString().contains("device node 1:3");
        }
    }

    @Test
    void absoluteNamesAndSymlinkParentsStayInsideRoot(@TempDir Path root) throws IOException {
        apply(new TestTars().dir("real").symlink("abs", "/real").symlink("rel", "../../../real")
                .file("/abs/one", "1").file("rel/two", "2").hardlink("/three", "abs/one").bytes(), root);
        assertThat(Files.readString(root.resolve("real/one"))).isEqualTo("1");
        assertThat(Files.readString(root.resolve("real/two"))).isEqualTo("2");
        assertThat(Files.readString(root.resolve("three"))).isEqualTo("1");
    }
}
