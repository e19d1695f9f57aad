package dev.pier.image.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.store.LocalStore;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import dev.pier.image.testing.TestImages.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sources that lie: tampered, truncated or oversized blobs, descriptors with wrong sizes or
 * invalid digests, malformed JSON, archives whose members point outside themselves. Every case
 * must fail with a one-line {@link PierException}, leave no temporary file behind, publish
 * nothing under the destination's name, and write nothing outside the work directory (a canary
 * directory beside it is compared before and after).
 */
@Timeout(60)
class HostileInputTest {
    @TempDir
    Path guarded;

    private Path work;
    private Path outside;
    private Map<String, String> outsideBefore;
    private OciLayout src;
    private TestImage image;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectories(guarded.resolve("outside"));
        Files.writeString(outside.resolve("canary"), "do not touch\n");
        Files.createDirectories(outside.resolve("blobs/sha256"));
        work = Files.createDirectories(guarded.resolve("work"));
        src = OciLayout.openOrCreate(work.resolve("src"));
        image = TestImages.image()
                .layer(TestImages.files(Map.of("etc/hello", "hello\n")))
                .layer(TestImages.file("bin/tool", "x".repeat(10_000)))
                .write(src, "v1");
        outsideBefore = snapshot(guarded, work);
    }

    @AfterEach
    void nothingLeaked() throws IOException {
        assertThat(snapshot(guarded, work)).as("files outside the work directory").isEqualTo(outsideBefore);
        try (Stream<Path> all = Files.walk(work)) {
            assertThat(all.map(p -> work.relativize(p).toString()).filter(n -> n.contains(".tmp-")).toList())
                    .as("temporary files left in the work directory").isEmpty();
        }
    }

    /** Every path below {@code root} except {@code excluded}, with size, mtime and content digest. */
    private static Map<String, String> snapshot(Path root, Path excluded) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.startsWith(excluded)).toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                String content = a.isRegularFile() ? Digest.sha256(Files.readAllBytes(p)).toString() : "dir";
                out.put(root.relativize(p).toString(), content + " " + a.size() + " " + a.lastModifiedTime());
            }
        }
        return out;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private CopyResult copy(String from, String to) throws IOException {
        LocalStore store = LocalStore.open(work.resolve("store"));
        return ImageCopierTest.copy(from, to, CopyOptions.defaults(), store);
    }

    private String oci(String name, String ref) {
        return "oci:" + work.resolve(name) + ":" + ref;
    }

    /** Runs {@code call}, expects a one-line PierException and returns it. */
    private static PierException fails(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(PierException.class);
        assertThat(t.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        return (PierException) t;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x01);
        }
    }

    /** Stores a manifest in the source layout and tags it. */
    private Descriptor tagManifest(String ref, byte[] bytes, String mediaType) throws IOException {
        Descriptor d = src.blobs().put(mediaType, bytes);
        src.tag(ref, d);
        return d;
    }

    private Descriptor tagManifest(String ref, Manifest m) throws IOException {
        return tagManifest(ref, Json.write(m), MediaType.OCI_MANIFEST);
    }

    private void assertNotPublished(String destination, Digest digest) throws IOException {
        switch (destination) {
            case "oci" -> {
                OciLayout dst = OciLayout.open(work.resolve("dst"));
                assertThat(dst.find("t")).isEmpty();
                assertThat(dst.blobs().path(digest)).doesNotExist();
            }
            case "store" -> {
                LocalStore store = LocalStore.open(work.resolve("store"));
                assertThat(store.find("example.com/t:1")).isEmpty();
                assertThat(store.images()).isEmpty();
                assertThat(store.layout().blobs().path(digest)).doesNotExist();
            }
            default -> assertThat(work.resolve(dstName(destination))).doesNotExist();
        }
    }

    /** Each kind of destination has its own name, so one test can try several. */
    private static String dstName(String kind) {
        return kind.equals("oci") ? "dst" : "dst-" + kind;
    }

    private String destination(String kind) {
        Path dst = work.resolve(dstName(kind));
        return switch (kind) {
            case "oci" -> oci("dst", "t");
            case "oci-archive" -> "oci-archive:" + dst + ":t";
            case "docker-archive" -> "docker-archive:" + dst + ":example.com/t:1";
            case "dir" -> "dir:" + dst;
            case "store" -> "example.com/t:1";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    // ---- tampered, truncated, lying -----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"oci", "oci-archive", "docker-archive", "dir", "store"})
    void tamperedLayerIsRejectedAndNothingIsPublished(String kind) throws IOException {
        Descriptor layer = image.layerDescriptors().get(1);
        flipByte(src.blobs().path(layer.digest()), layer.size() / 2);

        PierException e = fails(() -> copy(oci("src", "v1"), destination(kind)));

        assertThat(e.getMessage()).contains(layer.digest().toString());
        if (!kind.equals("docker-archive")) { // docker-archive decompresses, so gzip may notice first
            assertThat(e).isInstanceOf(DigestMismatchException.class).hasMessageContaining("digest mismatch");
        }
        assertNotPublished(kind, layer.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"manifest", "config", "layer"})
    void tamperedBlobOfEachKindIsRejected(String which) throws IOException {
        Descriptor d = switch (which) {
            case "manifest" -> image.descriptor();
            case "config" -> image.configDescriptor();
            default -> image.layerDescriptors().getFirst();
        };
        flipByte(src.blobs().path(d.digest()), d.size() - 1);

        PierException e = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));

        assertThat(e).isInstanceOf(DigestMismatchException.class);
        assertThat(e.getMessage()).contains(d.digest().toString());
        assertNotPublished("oci", d.digest());
    }

    @Test
    void tamperedBlobInADirSourceIsRejected() throws IOException {
        copy(oci("src", "v1"), "dir:" + work.resolve("d"));
        Descriptor layer = image.layerDescriptors().getFirst();
        flipByte(work.resolve("d").resolve(layer.digest().encoded()), 3);

        PierException e = fails(() -> copy("dir:" + work.resolve("d"), oci("dst", "t")));

        assertThat(e).isInstanceOf(DigestMismatchException.class).hasMessageContaining(layer.digest().toString());
        assertNotPublished("oci", layer.digest());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, -1, 4096})
    void layerDescriptorWithAWrongSizeIsRejected(long delta) throws IOException {
        Descriptor real = image.layerDescriptors().get(1);
        Descriptor lying = Descriptor.of(real.mediaType(), real.digest(), real.size() + delta);
        Manifest m = image.manifest().asManifest().withLayers(List.of(image.layerDescriptors().get(0), lying));
        tagManifest("liar", m);

        PierException e = fails(() -> copy(oci("src", "liar"), oci("dst", "t")));

        assertThat(e).isInstanceOf(DigestMismatchException.class).hasMessageContaining("size mismatch")
                .hasMessageContaining(real.digest().toString());
        assertNotPublished("oci", real.digest());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -2, Long.MIN_VALUE})
    void negativeSizesAreRejected(long size) throws IOException {
        Descriptor real = image.layerDescriptors().get(1);
        Manifest m = image.manifest().asManifest().withLayers(
                List.of(image.layerDescriptors().get(0), Descriptor.of(real.mediaType(), real.digest(), size)));
        tagManifest("negative-layer", m);
        fails(() -> copy(oci("src", "negative-layer"), oci("dst", "t")));
        assertNotPublished("oci", real.digest());

        // a negative manifest size in index.json must not mean "read however much there is"
        src.tag("negative-manifest", Descriptor.of(MediaType.OCI_MANIFEST, image.digest(), size));
        fails(() -> copy(oci("src", "negative-manifest"), oci("dst", "t")));
        assertThat(OciLayout.open(work.resolve("dst")).find("t")).isEmpty();
    }

    @Test
    void truncatedBlobIsRejected() throws IOException {
        Descriptor layer = image.layerDescriptors().get(1);
        Path p = src.blobs().path(layer.digest());
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        PierException e = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));

        assertThat(e).isInstanceOf(DigestMismatchException.class).hasMessageContaining("size mismatch")
                .hasMessageContaining(layer.digest().toString());
        assertNotPublished("oci", layer.digest());
    }

    @Test
    void missingBlobIsAClearError() throws IOException {
        Descriptor layer = image.layerDescriptors().get(1);
        Files.delete(src.blobs().path(layer.digest()));
        PierException e = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));
        assertThat(e).hasMessageContaining(layer.digest().toString()).hasMessageContaining("not found");
        assertNotPublished("oci", layer.digest());
    }

    // ---- malformed JSON ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "null", "[]", "{\"manifests\":\"x\"}", "{\"manifests\":[{\"size\":\"big\"}]}",
            "{\"schemaVersion\":2,\"manifests\":[]} trailing", "{\"a\":" })
    void malformedIndexJson(String content) throws IOException {
        Files.writeString(work.resolve("src/index.json"), content);
        PierException e = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));
        assertThat(e.getMessage()).contains("index.json");
        assertThat(work.resolve("dst")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(),
                p -> assertThat(OciLayout.open(p).index().manifests()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"schemaVersion\":2,\"config\":[", "{\"schemaVersion\":2,\"layers\":[]}", "42",
            "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:00\",\"size\":1},\"layers\":[]}"})
    void malformedManifest(String content) throws IOException {
        Descriptor d = tagManifest("bad", content.getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);
        PierException e = fails(() -> copy(oci("src", "bad"), oci("dst", "t")));
        assertThat(e.getMessage()).contains("manifest").contains(d.digest().toString());
        assertNotPublished("oci", d.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"rootfs\":", "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:nothex\"]}}", "[1,2]"})
    void malformedConfig(String content) throws IOException {
        Descriptor config = src.blobs().put(MediaType.OCI_CONFIG, content.getBytes(StandardCharsets.UTF_8));
        tagManifest("badconfig", image.manifest().asManifest().withConfig(config));

        // reading the image's config (what inspect and run do) fails clearly
        try (ImageSource s = ImageLocation.parse(oci("src", "badconfig"), () -> null).openSource()) {
            PierException e = fails(() -> s.image().config());
            assertThat(e.getMessage()).contains("config").contains(config.digest().toString());
        }
        // as does a copy that needs the diff_ids
        fails(() -> copy(oci("src", "badconfig"), destination("docker-archive")));
        assertNotPublished("docker-archive", config.digest());
    }

    // ---- invalid digests ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "sha256:xyz",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "sha256:../../etc/passwd",
            "sha256:../../../outside/canary",
            "sha256:../../../outside/blobs/sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "../sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sha256/../..:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/../../../../outside/canary",
            "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
            "sha256:",
            ""})
    void invalidDigestInIndexJson(String digest) throws IOException {
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST
                + "\",\"digest\":" + jsonString(digest) + ",\"size\":100,"
                + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}";
        Files.writeString(work.resolve("src/index.json"), index);

        PierException e = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));

        assertThat(e.getMessage()).contains("invalid digest").contains("index.json");
        assertThat(work.resolve("dst")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(),
                p -> assertThat(OciLayout.open(p).index().manifests()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:../../../outside/canary", "sha512:../../x", "sha256:ZZ"})
    void invalidLayerDigestInAManifest(String digest) throws IOException {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":"
                + new String(Json.write(image.configDescriptor()), StandardCharsets.UTF_8)
                + ",\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP + "\",\"digest\":" + jsonString(digest)
                + ",\"size\":12}]}";
        Descriptor d = tagManifest("evil", manifest.getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);

        for (String kind : List.of("oci", "dir", "oci-archive")) {
            PierException e = fails(() -> copy(oci("src", "evil"), destination(kind)));
            assertThat(e.getMessage()).as(kind).contains("invalid digest");
            assertNotPublished(kind, d.digest());
        }
        // the dir: transport takes manifest.json as it is, so put the same bytes there
        Path dir = Files.createDirectories(work.resolve("evildir"));
        Files.write(dir.resolve("manifest.json"), manifest.getBytes(StandardCharsets.UTF_8));
        fails(() -> copy("dir:" + dir, oci("dst", "t")));
        assertNotPublished("oci", d.digest());
    }

    private static String jsonString(String s) {
        return new String(Json.write(s), StandardCharsets.UTF_8);
    }

    // ---- oversized documents -----------------------------------------------------------------

    private byte[] hugeManifest() {
        Manifest m = new Manifest(2, MediaType.OCI_MANIFEST, null, image.configDescriptor(), image.layerDescriptors(),
                null, Map.of("pad", "x".repeat(Json.MAX_DOCUMENT_BYTES)));
        byte[] bytes = Json.write(m);
        assertThat(bytes.length).isGreaterThan(Json.MAX_DOCUMENT_BYTES);
        return bytes;
    }

    @Test
    void manifestOverFourMebibytesIsRejected() throws IOException {
        byte[] huge = hugeManifest();
        Descriptor d = tagManifest("huge", huge, MediaType.OCI_MANIFEST);

        PierException e = fails(() -> copy(oci("src", "huge"), oci("dst", "t")));
        assertThat(e.getMessage()).contains(d.digest().toString()).contains("limit");
        assertNotPublished("oci", d.digest());

        // a descriptor that understates the size is caught once its bytes run over
        src.tag("understated", Descriptor.of(MediaType.OCI_MANIFEST, d.digest(), 1000));
        fails(() -> copy(oci("src", "understated"), oci("dst", "t")));
        assertNotPublished("oci", d.digest());

        // dir: and oci-archive: apply the same bound
        Path dir = Files.createDirectories(work.resolve("hugedir"));
        Files.write(dir.resolve("manifest.json"), huge);
        PierException fromDir = fails(() -> copy("dir:" + dir, oci("dst", "t")));
        assertThat(fromDir.getMessage()).contains("manifest.json");
        assertNotPublished("oci", d.digest());

        Path archive = work.resolve("huge.tar");
        try (var out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            putMember(out, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            putMember(out, "index.json", Json.write(ImageIndex.oci(List.of(d.withAnnotations(Map.of(Descriptor.REF_NAME, "huge"))))));
            putMember(out, "blobs/sha256/" + d.digest().encoded(), huge);
        }
        PierException fromArchive = fails(() -> copy("oci-archive:" + archive + ":huge", oci("dst", "t")));
        assertThat(fromArchive.getMessage()).contains("limit");
        assertNotPublished("oci", d.digest());
    }

    // ---- archives ----------------------------------------------------------------------------

    private static void putMember(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
    }

    private static void putLink(TarArchiveOutputStream out, String name, byte type, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    /** An uncompressed one-layer image whose layer tar also lies, intact, outside the work directory. */
    private record Planted(TestImage image, byte[] config, byte[] layer, Path hostLayer) {}

    private Planted plantLayerOutside() throws IOException {
        OciLayout plain = OciLayout.openOrCreate(work.resolve("plain"));
        TestImage img = TestImages.image().compression(Compression.NONE).layer(TestImages.file("secret", "s3cret")).write(plain, "p");
        byte[] layer = Files.readAllBytes(plain.blobs().path(img.layerDescriptors().getFirst().digest()));
        Path hostLayer = outside.resolve("layer.tar");
        Files.write(hostLayer, layer);
        Files.write(outside.resolve("config.json"), img.rawConfig());
        outsideBefore = snapshot(guarded, work);
        return new Planted(img, img.rawConfig(), layer, hostLayer);
    }

    private Path dockerArchive(String name, String configPath, String layerPath, ArchiveContent extra) throws IOException {
        Path archive = work.resolve(name);
        String manifest = "[{\"Config\":" + jsonString(configPath) + ",\"RepoTags\":[\"evil:1\"],\"Layers\":["
                + jsonString(layerPath) + "]}]";
        try (var out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            putMember(out, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            extra.addTo(out);
        }
        return archive;
    }

    @FunctionalInterface
    private interface ArchiveContent {
        void addTo(TarArchiveOutputStream out) throws IOException;
    }

    @Test
    void dockerArchiveMembersResolveInsideTheArchive() throws IOException {
        Planted p = plantLayerOutside();
        // control: symlinks between members (as docker save writes them) work
        Path good = dockerArchive("good.tar", "config.json", "a/layer.tar", out -> {
            putMember(out, "config.json", p.config());
            putMember(out, "b/layer.tar", p.layer());
            putLink(out, "a/layer.tar", TarConstants.LF_SYMLINK, "../b/layer.tar");
        });
        copy("docker-archive:" + good, oci("ok", "ok"));
        assertThat(OciLayout.open(work.resolve("ok")).find("ok")).isPresent();

        String abs = p.hostLayer().toString();
        String rel = "../outside/layer.tar";
        List<Path> evil = List.of(
                dockerArchive("e1.tar", "config.json", rel, out -> putMember(out, "config.json", p.config())),
                dockerArchive("e2.tar", "config.json", "../../../../../../../../.." + abs, out -> putMember(out, "config.json", p.config())),
                dockerArchive("e3.tar", "config.json", abs, out -> putMember(out, "config.json", p.config())),
                dockerArchive("e4.tar", "config.json", "layer.tar", out -> {
                    putMember(out, "config.json", p.config());
                    putLink(out, "layer.tar", TarConstants.LF_SYMLINK, abs);
                }),
                dockerArchive("e5.tar", "config.json", "x/layer.tar", out -> {
                    putMember(out, "config.json", p.config());
                    putLink(out, "x/layer.tar", TarConstants.LF_SYMLINK, "../" + rel);
                }),
                dockerArchive("e6.tar", "config.json", "layer.tar", out -> {
                    putMember(out, "config.json", p.config());
                    putLink(out, "layer.tar", TarConstants.LF_LINK, abs);
                }),
                dockerArchive("e7.tar", "../outside/config.json", "layer.tar", out -> putMember(out, "layer.tar", p.layer())),
                dockerArchive("e8.tar", "config.json", "loop/a", out -> {
                    putMember(out, "config.json", p.config());
                    putLink(out, "loop/a", TarConstants.LF_SYMLINK, "b");
                    putLink(out, "loop/b", TarConstants.LF_SYMLINK, "a");
                }));
        for (Path archive : evil) {
            PierException e = fails(() -> copy("docker-archive:" + archive, oci("dst", "t")));
            assertThat(e.getMessage()).as(archive.getFileName().toString()).contains(archive.toString());
            assertThat(work.resolve("dst")).satisfiesAnyOf(
                    d -> assertThat(d).doesNotExist(),
                    d -> assertThat(OciLayout.open(d).find("t")).isEmpty());
        }
    }

    @Test
    void dockerArchiveWithMalformedManifestJson() throws IOException {
        for (String manifest : List.of("{", "[]", "[null]", "[{\"Layers\":[]}]", "[{\"Config\":\"c.json\",\"Layers\":[null]}]", "{\"Config\":1}", "[{\"Config\":\"c.json\",\"Layers\":[]}] x")) {
            Path archive = work.resolve("m.tar");
            try (var out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
                putMember(out, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            }
            PierException e = fails(() -> copy("docker-archive:" + archive, oci("dst", "t")));
            assertThat(e.getMessage()).as(manifest).contains("docker-archive:" + archive);
        }
    }

    @Test
    void ociArchiveThatIsNotATar() throws IOException {
        byte[] random = new byte[10_000];
        new Random(1).nextBytes(random);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write("hello".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> contents = List.of(new byte[0], random, "just some text\n".getBytes(StandardCharsets.UTF_8),
                gz.toByteArray(), new byte[1024]);
        for (byte[] content : contents) {
            Path file = work.resolve("notatar");
            Files.write(file, content);
            PierException e = fails(() -> copy("oci-archive:" + file, oci("dst", "t")));
            assertThat(e.getMessage()).contains("oci-archive:" + file);
            PierException d = fails(() -> copy("docker-archive:" + file, oci("dst", "t")));
            assertThat(d.getMessage()).contains("docker-archive:" + file);
        }
        PierException missing = fails(() -> copy("oci-archive:" + work.resolve("nope.tar"), oci("dst", "t")));
        assertThat(missing.getMessage()).contains("nope.tar");
    }

    @Test
    void layoutWithoutOciLayoutFile() throws IOException {
        Files.delete(work.resolve("src/oci-layout"));
        PierException e = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));
        assertThat(e.getMessage()).contains("src").contains("oci-layout");

        Files.writeString(work.resolve("src/oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        PierException version = fails(() -> copy(oci("src", "v1"), oci("dst", "t")));
        assertThat(version.getMessage()).contains("imageLayoutVersion");

        Files.writeString(work.resolve("src/oci-layout"), "{{{");
        fails(() -> copy(oci("src", "v1"), oci("dst", "t")));

        PierException missingDir = fails(() -> copy(oci("nowhere", "v1"), oci("dst", "t")));
        assertThat(missingDir.getMessage()).contains("not an OCI image layout");
    }

    @Test
    void ociArchiveWithATraversingBlobMember() throws IOException {
        // an oci-archive whose blobs/sha256/<digest> member is a symlink to a host file with the right bytes
        Planted p = plantLayerOutside();
        OciLayout plain = OciLayout.open(work.resolve("plain"));
        Descriptor top = plain.find("p").orElseThrow();
        Digest layer = p.image().layerDescriptors().getFirst().digest();
        Path archive = work.resolve("evil-oci.tar");
        try (var out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            putMember(out, "oci-layout", Files.readAllBytes(work.resolve("plain/oci-layout")));
            putMember(out, "index.json", Files.readAllBytes(work.resolve("plain/index.json")));
            for (Digest d : List.of(top.digest(), p.image().configDigest())) {
                putMember(out, "blobs/sha256/" + d.encoded(), Files.readAllBytes(plain.blobs().path(d)));
            }
            putLink(out, "blobs/sha256/" + layer.encoded(), TarConstants.LF_SYMLINK, p.hostLayer().toString());
        }
        PierException e = fails(() -> copy("oci-archive:" + archive + ":p", oci("dst", "t")));
        assertThat(e.getMessage()).contains(layer.encoded());
        assertNotPublished("oci", layer);
    }

    @Test
    void hostileLayoutNeverMakesTheCopierWriteOutside() throws IOException {
        // a manifest naming its config by a digest whose file name would climb out of blobs/
        // cannot even be parsed; this checks the error happens before anything is written
        String manifest = new String(image.manifest().bytes(), StandardCharsets.UTF_8)
                .replace(image.configDigest().toString(), "sha256:../../../../outside/evil");
        Descriptor d = tagManifest("climb", manifest.getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);
        for (String kind : List.of("oci", "oci-archive", "docker-archive", "dir", "store")) {
            PierException e = fails(() -> copy(oci("src", "climb"), destination(kind)));
            assertThat(e.getMessage()).contains("invalid digest");
            assertNotPublished(kind, d.digest());
        }
        assertThat(outside.resolve("evil")).doesNotExist();
    }
}
