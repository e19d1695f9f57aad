package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LayerWriterTest {
    static final String LONG_NAME = "d".repeat(60) + "/" + "f".repeat(120);
    static final String LONGER_DIR = "x".repeat(200) + "/" + "y".repeat(200);

    /** A tree with every kind of entry addTree handles; {@code reversed} creates it in another order. */
    static void makeTree(Path dir, boolean reversed) throws Exception {
        List<ThrowingRunnable> steps = new ArrayList<>(List.of(
                () -> Files.writeString(dir.resolve("b.txt"), "bee"),
                () -> Files.writeString(dir.resolve("a.txt"), "ay"),
                () -> {
                    Files.createDirectories(dir.resolve("sub/deeper"));
                    Files.writeString(dir.resolve("sub/deeper/file"), "deep");
                    Files.setPosixFilePermissions(dir.resolve("sub"), PosixFilePermissions.fromString("rwx------"));
                },
                () -> {
                    Files.writeString(dir.resolve("suid"), "#!/bin/sh\n");
                    Files.setAttribute(dir.resolve("suid"), "unix:mode", 04755);
                },
                () -> Files.createSymbolicLink(dir.resolve("abs-link"), Path.of("/etc/hostname")),
                () -> Files.createSymbolicLink(dir.resolve("rel-link"), Path.of("sub/deeper/file")),
                () -> Files.createLink(dir.resolve("z-hardlink"), dir.resolve("a.txt")),
                () -> {
                    Files.createDirectories(dir.resolve(LONG_NAME).getParent());
                    Files.writeString(dir.resolve(LONG_NAME), "long");
                },
                () -> {
                    Files.createDirectories(dir.resolve(LONGER_DIR));
                    Files.writeString(dir.resolve(LONGER_DIR).resolve("z".repeat(100)), "longer");
                },
                () -> SpecialFiles.mkfifo(dir.resolve("fifo"))));
        if (reversed) {
            // the hardlink (index 6) still needs a.txt (index 1) before it
            ThrowingRunnable link = steps.remove(6);
            steps = new ArrayList<>(steps.reversed());
            steps.add(link);
        }
        for (ThrowingRunnable s : steps) {
            s.run();
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                // setLastModifiedTime open()s the file: never on a FIFO
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(reversed ? 10 : 99999)));
                }
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static byte[] write(Path tree, Compression c, LayerOptions options, WrittenLayer[] result) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (LayerWriter w = LayerWriter.open(sink, c, options)) {
            w.addTree(tree);
            result[0] = w.finish();
        }
        return sink.toByteArray();
    }

    static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }

    @Test
    void sameTreeGivesByteIdenticalLayers(@TempDir Path tmp) throws Exception {
        Path one = Files.createDirectory(tmp.resolve("one"));
        Path two = Files.createDirectory(tmp.resolve("two"));
        makeTree(one, false);
        makeTree(two, true);
        WrittenLayer[] r1 = new WrittenLayer[1];
        WrittenLayer[] r2 = new WrittenLayer[1];
        byte[] b1 = write(one, Compression.GZIP, LayerOptions.reproducible(Instant.EPOCH), r1);
        byte[] b2 = write(two, Compression.GZIP, LayerOptions.reproducible(Instant.EPOCH), r2);
        assertThat(b1).isEqualTo(b2);
        assertThat(r1[0]).isEqualTo(r2[0]);
        assertThat(write(one, Compression.GZIP, LayerOptions.reproducible(Instant.EPOCH), r2)).isEqualTo(b1);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void digestsMatchTheBytes(Compression c, @TempDir Path tmp) throws Exception {
        makeTree(tmp, false);
        WrittenLayer[] r = new WrittenLayer[1];
        byte[] blob = write(tmp, c, LayerOptions.reproducible(), r);
        WrittenLayer layer = r[0];
        byte[] tar = c.decompress(new ByteArrayInputStream(blob)).readAllBytes();
        assertThat(layer.digest()).isEqualTo(Digest.sha256(blob));
        assertThat(layer.size()).isEqualTo(blob.length);
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(layer.uncompressedSize()).isEqualTo(tar.length);
        assertThat(layer.descriptor().mediaType()).isEqualTo(c.ociMediaType());
        assertThat(Digest.of(DigestAlgorithm.SHA256, new ByteArrayInputStream(tar))).isEqualTo(layer.diffId());
    }

    @Test
    void entriesAreSortedRelativeAndTyped(@TempDir Path tmp) throws Exception {
        makeTree(tmp, false);
        WrittenLayer[] r = new WrittenLayer[1];
        Map<String, TarArchiveEntry> entries = entries(write(tmp, Compression.NONE, LayerOptions.reproducible(Instant.ofEpochSecond(1700000000)), r));
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names).first().isEqualTo("a.txt");
        assertThat(names).allSatisfy(n -> assertThat(n).doesNotStartWith("/").doesNotStartWith("./"));
        assertThat(names).contains("sub/", "sub/deeper/", "sub/deeper/file", LONG_NAME,
                LONGER_DIR.substring(0, 200) + "/", LONGER_DIR + "/" + "z".repeat(100));
        assertThat(names.indexOf("sub/")).isLessThan(names.indexOf("sub/deeper/"));
        assertThat(entries.get("sub/").isDirectory()).isTrue();
        assertThat(entries.get("sub/").getMode()).isEqualTo(0700);
        assertThat(entries.get("suid").getMode()).isEqualTo(04755);
        assertThat(entries.get("abs-link").isSymbolicLink()).isTrue();
        assertThat(entries.get("abs-link").getLinkName()).isEqualTo("/etc/hostname");
        assertThat(entries.get("z-hardlink").isLink()).isTrue();
        assertThat(entries.get("z-hardlink").getLinkName()).isEqualTo("a.txt");
        assertThat(entries.get("fifo").isFIFO()).isTrue();
        for (TarArchiveEntry e : entries.values()) {
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getGroupName()).isEmpty();
            assertThat(e.getModTime().toInstant()).isEqualTo(Instant.ofEpochSecond(1700000000));
        }
        assertThat(r[0].warnings()).isEmpty();
    }

    @Test
    void singleEntriesWithXattrsDevicesAndOwnerOverride() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WrittenLayer layer;
        try (LayerWriter w = LayerWriter.open(sink, Compression.NONE, LayerOptions.reproducible().withOwner(0, 0))) {
            w.addDirectory("/usr/", EntryAttributes.of(0755, 5, 5));
            byte[] content = "ping".getBytes(StandardCharsets.UTF_8);
            w.addFile("./usr/ping", EntryAttributes.of(0755).withXattrs(Map.of("security.capability", "cap", "user.note", "héllo")),
                    content.length, new ByteArrayInputStream(content));
            w.addDevice("dev/null", EntryType.CHAR_DEVICE, 1, 3, EntryAttributes.of(0666));
            w.addDevice("dev/loop0", EntryType.BLOCK_DEVICE, 7, 0, EntryAttributes.of(0660));
            w.addHardlink("usr/ping2", "/usr/ping", EntryAttributes.of(0755));
            w.addWhiteout("etc/gone", EntryAttributes.of(0644));
            w.addOpaque("var", EntryAttributes.of(0644));
            layer = w.finish();
        }
        Map<String, TarArchiveEntry> entries = entries(sink.toByteArray());
        assertThat(entries.keySet()).containsExactly("usr/", "usr/ping", "dev/null", "dev/loop0", "usr/ping2",
                "etc/.wh.gone", "var/.wh..wh..opq");
        assertThat(entries.get("usr/").getLongUserId()).isZero();
        assertThat(entries.get("usr/ping").getExtraPaxHeader("SCHILY.xattr.security.capability")).isEqualTo("cap");
        assertThat(entries.get("usr/ping").getExtraPaxHeader("SCHILY.xattr.user.note")).isEqualTo("héllo");
        assertThat(entries.get("dev/null").isCharacterDevice()).isTrue();
        assertThat(entries.get("dev/null").getDevMajor()).isEqualTo(1);
        assertThat(entries.get("dev/null").getDevMinor()).isEqualTo(3);
        assertThat(entries.get("dev/loop0").isBlockDevice()).isTrue();
        assertThat(entries.get("usr/ping2").getLinkName()).isEqualTo("usr/ping");
        assertThat(layer.descriptor().size()).isEqualTo(sink.size());
    }

    @Test
    void rejectsBadNamesAndShortContent() throws IOException {
        try (LayerWriter w = LayerWriter.open(new ByteArrayOutputStream(), Compression.NONE, LayerOptions.reproducible())) {
            assertThatThrownBy(() -> w.addDirectory("../up", EntryAttributes.of(0755))).isInstanceOf(PierException.class)
                    .hasMessageContaining("escapes");
            assertThatThrownBy(() -> w.addDirectory("a\0b", EntryAttributes.of(0755))).isInstanceOf(PierException.class)
                    .hasMessageContaining("NUL");
            assertThatThrownBy(() -> w.addDirectory("/", EntryAttributes.of(0755))).isInstanceOf(PierException.class);
            assertThatThrownBy(() -> w.addFile("f", EntryAttributes.of(0644), 10, InputStream.nullInputStream()))
                    .isInstanceOf(PierException.class).hasMessageContaining("ended after 0 of 10");
        }
    }

    @Test
    void sourceDateEpoch() {
        assertThat(LayerOptions.sourceDateEpoch(null)).isEqualTo(Instant.EPOCH);
        assertThat(LayerOptions.sourceDateEpoch(" 1700000000 ")).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThatThrownBy(() -> LayerOptions.sourceDateEpoch("yesterday")).isInstanceOf(PierException.class);
    }

    @Test
    void preserveTimesKeepsWholeSeconds(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        Files.setLastModifiedTime(tmp.resolve("f"), FileTime.from(Instant.ofEpochSecond(1234567890, 987654321)));
        Map<String, TarArchiveEntry> entries = entries(write(tmp, Compression.NONE, LayerOptions.preserveTimes(), new WrittenLayer[1]));
        assertThat(entries.get("f").getModTime().toInstant()).isEqualTo(Instant.ofEpochSecond(1234567890));
    }
}
