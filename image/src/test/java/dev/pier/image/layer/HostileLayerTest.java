package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malicious and broken layers. Every test extracts into {@code tmp/box/root} beside
 * {@code tmp/box/canary}; after each test nothing in {@code tmp} outside the root may have changed.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileLayerTest {
    @TempDir
    Path tmp;
    Path root;
    Path canary;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        Path box = Files.createDirectories(tmp.resolve("box"));
        root = Files.createDirectory(box.resolve("root"));
        canary = Files.createDirectory(box.resolve("canary"));
        Files.writeString(canary.resolve("secret"), "canary");
        Files.writeString(box.resolve("x"), "sibling");
        before = FsSnapshot.of(tmp, root);
    }

    @AfterEach
    void nothingChangedOutsideRoot() {
        assertThat(FsSnapshot.of(tmp, root)).isEqualTo(before);
    }

    private ApplyResult apply(byte[] tar) throws IOException {
        return apply(tar, ExtractOptions.defaults());
    }

    private ApplyResult apply(byte[] tar, ExtractOptions options) throws IOException {
        return LayerApplier.apply(new ByteArrayInputStream(tar), "layer sha256:bad", root, options);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] tar) {
        return assertThatThrownBy(() -> apply(tar)).isInstanceOf(PierException.class)
                .hasMessageStartingWith("layer sha256:bad: ");
    }

    @Test
    void dotDotEscapeIsRejected() {
        assertRejected(new TestTars().file("../../canary/pwned", "x").bytes())
                .hasMessageContaining("\"../../canary/pwned\"").hasMessageContaining("escapes the root");
        assertRejected(new TestTars().file("a/../../x", "x").bytes()).hasMessageContaining("escapes");
    }

    @Test
    void absoluteNameIsContained() throws IOException {
        apply(new TestTars().file("/abs", "x").file(canary.resolve("pwned").toString(), "y").bytes());
        assertThat(Files.readString(root.resolve("abs"))).isEqualTo("x");
        assertThat(Files.readString(root.resolve(canary.toString().substring(1)).resolve("pwned"))).isEqualTo("y");
    }

    @Test
    void writeThroughAbsoluteSymlinkIsContained() throws IOException {
        apply(new TestTars().symlink("link", canary.toString()).file("link/secret", "overwritten").bytes());
        assertThat(Files.readString(root.resolve(canary.toString().substring(1)).resolve("secret"))).isEqualTo("overwritten");
        assertThat(Files.readSymbolicLink(root.resolve("link"))).isEqualTo(canary);
    }

    @Test
    void writeThroughRelativeEscapingSymlinkIsContained() throws IOException {
        apply(new TestTars().dir("d").symlink("d/up", "../../../canary").file("d/up/secret", "overwritten").bytes());
        assertThat(Files.readString(root.resolve("canary/secret"))).isEqualTo("overwritten");
    }

    @Test
    void symlinkFromALowerLayerIsContained() throws IOException {
        apply(new TestTars().symlink("etc", "../canary").bytes());
        apply(new TestTars().file("etc/secret", "overwritten").dir("etc/sub").bytes());
        assertThat(Files.readString(root.resolve("canary/secret"))).isEqualTo("overwritten");
        assertThat(root.resolve("canary/sub")).isDirectory();
    }

    @Test
    void symlinkAsLastComponentIsReplacedNotFollowed() throws IOException {
        apply(new TestTars().symlink("s", canary.resolve("secret").toString()).file("s", "replaced").bytes());
        assertThat(Files.isSymbolicLink(root.resolve("s"))).isFalse();
        assertThat(Files.readString(root.resolve("s"))).isEqualTo("replaced");
    }

    @Test
    void hardlinkToHostFileIsRejected() {
        assertRejected(new TestTars().hardlink("h", "/etc/passwd").bytes()).hasMessageContaining("does not exist");
        assertRejected(new TestTars().hardlink("h", canary.resolve("secret").toString()).bytes())
                .hasMessageContaining("does not exist");
        assertThat(root.resolve("h")).doesNotExist();
    }

    @Test
    void hardlinkEscapingWithDotDotIsRejected() {
        assertRejected(new TestTars().hardlink("h", "../x").bytes()).hasMessageContaining("escapes");
        assertRejected(new TestTars().hardlink("h", "../canary/secret").bytes()).hasMessageContaining("escapes");
    }

    @Test
    void hardlinkThroughSymlinkCannotReachOutside() {
        assertRejected(new TestTars().symlink("l", canary.toString()).hardlink("h", "l/secret").bytes())
                .hasMessageContaining("does not exist");
        assertRejected(new TestTars().symlink("l", "../canary").hardlink("h", "l/secret").bytes())
                .hasMessageContaining("does not exist");
        assertThat(root.resolve("h")).doesNotExist();
    }

    @Test
    void hardlinkToADirectoryIsRejected() {
        assertRejected(new TestTars().dir("d").hardlink("h", "d").bytes()).hasMessageContaining("directory");
    }

    @Test
    void hostileWhiteoutsAreRejectedOrContained() throws IOException {
        assertRejected(new TestTars().file(".wh...", "").bytes()).hasMessageContaining("invalid whiteout");
        assertRejected(new TestTars().file("a/.wh..", "").bytes()).hasMessageContaining("invalid whiteout");
        assertRejected(new TestTars().file("../.wh.canary", "").bytes()).hasMessageContaining("escapes");
        assertRejected(new TestTars().file("../../box/.wh..wh..opq", "").bytes()).hasMessageContaining("escapes");
        // through symlinks: resolved inside the root (m -> ../.. is the root itself)
        apply(new TestTars().file("lower", "from below").bytes());
        apply(new TestTars().symlink("l", canary.getParent().toString()).file("l/.wh.canary", "")
                .symlink("m", "../..").file("m/.wh..wh..opq", "").file("m/.wh.x", "").bytes());
        assertThat(root.resolve("lower")).doesNotExist();
        assertThat(Files.isSymbolicLink(root.resolve("l"))).isTrue(); // same layer: kept
        assertThat(Files.isSymbolicLink(root.resolve("m"))).isTrue();
    }

    @Test
    void decompressionBombStopsAtTheLimit() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream compressed = Compression.GZIP.compress(gz, 1);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            TarArchiveEntry e = new TarArchiveEntry("zeros");
            e.setSize(200L << 20);
            tar.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        }
        assertThat(gz.size()).isLessThan(2 << 20);
        assertThatThrownBy(() -> LayerApplier.applyCompressed(new ByteArrayInputStream(gz.toByteArray()), Compression.GZIP,
                "layer sha256:bomb", root, ExtractOptions.defaults().withMaxBytes(10L << 20)))
                .isInstanceOf(PierException.class)
                .hasMessageContaining("layer sha256:bomb").hasMessageContaining("extraction limit");
        assertThat(Files.size(root.resolve("zeros"))).isLessThanOrEqualTo(10L << 20);
    }

    @Test
    void entryCountLimit() {
        TestTars tars = new TestTars();
        for (int i = 0; i < 50; i++) {
            tars.file("f" + i, "");
        }
        byte[] tar = tars.bytes();
        assertThatThrownBy(() -> apply(tar, ExtractOptions.defaults().withMaxEntries(10)))
                .isInstanceOf(PierException.class).hasMessageContaining("more than 10 entries");
    }

    @Test
    void truncatedTarIsAClearError() {
        byte[] tar = new TestTars().file("a", "a".repeat(5000)).file("b", "b").bytes();
        // cut inside the content of "a"
        assertRejected(Arrays.copyOf(tar, 512 + 2048)).hasMessageContaining("truncated");
        // cut inside the header of "b" (a's header + 10 blocks of content, then 100 bytes)
        assertRejected(Arrays.copyOf(tar, 512 + 5120 + 100)).hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipAndCorruptZstdAreClearErrors() throws IOException {
        byte[] tar = new TestTars().file("a", "some content ".repeat(1000)).bytes();
        byte[] gz = CompressionTest.compress(Compression.GZIP, tar);
        assertThatThrownBy(() -> LayerApplier.applyCompressed(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length - 20)),
                Compression.GZIP, "layer sha256:gz", root, ExtractOptions.defaults()))
                .isInstanceOf(PierException.class).hasMessageStartingWith("layer sha256:gz: corrupt gzip data");
        byte[] zst = CompressionTest.compress(Compression.ZSTD, tar);
        for (int i = 8; i < zst.length - 8; i++) {
            zst[i] ^= 0x33;
        }
        assertThatThrownBy(() -> LayerApplier.applyCompressed(new ByteArrayInputStream(zst),
                Compression.ZSTD, "layer sha256:zst", root, ExtractOptions.defaults()))
                .isInstanceOf(PierException.class).hasMessageStartingWith("layer sha256:zst: corrupt zstd data");
    }

    @Test
    void garbageIsNotATar() {
        byte[] garbage = new byte[2048];
        Arrays.fill(garbage, (byte) 'Z');
        assertRejected(garbage).hasMessageContaining("corrupt tar");
    }

    @Test
    void invalidNamesAreRejected() {
        assertRejected(new TestTars().file("x".repeat(120) + "\0evil", "x").bytes()).hasMessageContaining("NUL");
        assertRejected(new TestTars().file("n".repeat(256), "x").bytes()).hasMessageContaining("longer than 255");
        assertRejected(new TestTars().entry("", TarConstants.LF_NORMAL, null, new byte[0]).bytes());
    }

    @Test
    void fileAsParentIsRejected() {
        assertRejected(new TestTars().file("f", "x").file("f/g", "y").bytes()).hasMessageContaining("not a directory");
    }

    @Test
    void symlinkLoopIsRejected() {
        assertRejected(new TestTars().symlink("a", "b").symlink("b", "a").file("a/x", "y").bytes())
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void nothingFollowsSymlinksWhenReplacingDirectories() throws IOException {
        // A lower symlink to the canary is replaced by a directory: the canary itself stays.
        apply(new TestTars().symlink("d", canary.toString()).bytes());
        apply(new TestTars().dir("d").file("d/new", "n").bytes());
        assertThat(Files.isSymbolicLink(root.resolve("d"))).isFalse();
        assertThat(Files.exists(root.resolve("d/new"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        apply(new TestTars().file("d", "now a file").bytes());
    }
}
