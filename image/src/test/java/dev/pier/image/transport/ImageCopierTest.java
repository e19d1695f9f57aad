package dev.pier.image.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.LocalStore;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import dev.pier.image.testing.TestImages.TestImage;
import dev.pier.image.testing.TestImages.TestIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class ImageCopierTest {
    @TempDir
    Path tmp;

    private OciLayout src;
    private TestImage image;

    @BeforeEach
    void buildSource() throws IOException {
        src = OciLayout.openOrCreate(tmp.resolve("src"));
        image = twoLayers(Compression.GZIP).write(src, "v1");
    }

    private static TestImages.Builder twoLayers(Compression c) {
        return TestImages.image()
                .layer(TestImages.files(Map.of("etc/", "", "etc/hello", "hello\n")))
                .layer(w -> {
                    w.addWhiteout("etc/hello", TestImages.FILE);
                    w.addOpaque("var", TestImages.FILE);
                })
                .compression(c)
                .env("PATH=/usr/bin:/bin")
                .cmd("/bin/sh");
    }

    private LocalStore store() {
        return LocalStore.open(tmp.resolve("store"));
    }

    static CopyResult copy(String from, String to, CopyOptions options, LocalStore store) throws IOException {
        try (ImageSource s = ImageLocation.parse(from, () -> store).openSource();
             ImageDestination d = ImageLocation.parse(to, () -> store).openDestination()) {
            return ImageCopier.copy(s, d, options, CopyListener.NONE);
        }
    }

    private CopyResult copy(String from, String to) throws IOException {
        return copy(from, to, CopyOptions.defaults(), null);
    }

    private String oci(String name, String ref) {
        return "oci:" + tmp.resolve(name) + ":" + ref;
    }

    /** Every blob the manifest names, with the bytes the source has, is in the layout at {@code dir}. */
    private static void assertSameBlobs(OciLayout from, OciLayout to, RawManifest manifest) throws IOException {
        var m = manifest.asManifest();
        List<Descriptor> blobs = new ArrayList<>(m.layers());
        blobs.add(m.config());
        blobs.add(manifest.descriptor());
        for (Descriptor d : blobs) {
            assertThat(to.blobs().path(d.digest())).hasSameBinaryContentAs(from.blobs().path(d.digest()));
        }
    }

    private static Descriptor tagged(Path layoutDir, String ref) {
        return OciLayout.open(layoutDir).find(ref).orElseThrow(() -> new AssertionError(ref + " not tagged in " + layoutDir));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void ociToOciKeepsManifestDigestAndBytes(Compression c) throws IOException {
        TestImage img = twoLayers(c).write(src, "c-" + c);
        CopyResult r = copy(oci("src", "c-" + c), oci("dst", "copy"));

        assertThat(r.manifest().digest()).isEqualTo(img.digest());
        Descriptor top = tagged(tmp.resolve("dst"), "copy");
        assertThat(top.digest()).isEqualTo(img.digest());
        assertThat(top.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(top.size()).isEqualTo(img.manifest().size());
        assertSameBlobs(src, OciLayout.open(tmp.resolve("dst")), img.manifest());
        assertThat(r.blobsCopied()).isEqualTo(3);
    }

    @Test
    void ociArchiveRoundTripKeepsManifestDigest() throws IOException {
        Path archive = tmp.resolve("image.tar");
        copy(oci("src", "v1"), "oci-archive:" + archive + ":archived");
        assertThat(archive).isRegularFile();
        copy("oci-archive:" + archive + ":archived", oci("back", "v1"));

        assertThat(tagged(tmp.resolve("back"), "v1").digest()).isEqualTo(image.digest());
        assertSameBlobs(src, OciLayout.open(tmp.resolve("back")), image.manifest());
        assertThat(siblingsNamedTmp(tmp)).isEmpty();
    }

    @Test
    void dirRoundTripKeepsManifestDigest() throws IOException {
        Path dir = tmp.resolve("dir");
        copy(oci("src", "v1"), "dir:" + dir);
        assertThat(dir.resolve("manifest.json")).hasBinaryContent(image.manifest().bytes());
        assertThat(dir.resolve("version")).hasContent("Directory Transport Version: 1.1");
        copy("dir:" + dir, oci("back", "v1"));

        assertThat(tagged(tmp.resolve("back"), "v1").digest()).isEqualTo(image.digest());
        assertSameBlobs(src, OciLayout.open(tmp.resolve("back")), image.manifest());
        assertThat(siblingsNamedTmp(tmp)).isEmpty();
    }

    @Test
    void dockerArchiveRoundTripDecompressesLayersAndKeepsConfig() throws IOException {
        Path archive = tmp.resolve("docker.tar");
        copy(oci("src", "v1"), "docker-archive:" + archive + ":example.com/app:1.0");
        try (var s = new DockerArchiveSource(archive, Optional.empty())) {
            assertThat(s.repoTags()).containsExactly("example.com/app:1.0");
        }
        CopyResult r = copy("docker-archive:" + archive, oci("back", "v1"));

        OciLayout back = OciLayout.open(tmp.resolve("back"));
        Descriptor top = tagged(tmp.resolve("back"), "v1");
        assertThat(r.manifest().digest()).isEqualTo(top.digest());
        var m = new RawManifest(back.blobs().readVerified(top, Json.MAX_DOCUMENT_BYTES), top.mediaType(), top.digest()).asManifest();
        assertThat(m.config().digest()).isEqualTo(image.configDigest());
        assertThat(back.blobs().path(m.config().digest())).hasBinaryContent(image.rawConfig());
        assertThat(m.layers()).extracting(Descriptor::digest).containsExactlyElementsOf(image.diffIds());
        assertThat(m.layers()).extracting(Descriptor::mediaType).containsOnly(MediaType.OCI_LAYER);
        for (var layer : m.layers()) {
            try (InputStream in = back.blobs().openVerified(layer)) {
                assertThat(Digest.of(layer.digest().algorithm(), in)).isEqualTo(layer.digest());
            }
        }
        // and the same archive read twice gives the same made-up manifest
        copy("docker-archive:" + archive, oci("back2", "v1"));
        assertThat(tagged(tmp.resolve("back2"), "v1").digest()).isEqualTo(top.digest());
    }

    @Test
    void localStoreRoundTripAndFind() throws IOException {
        LocalStore store = store();
        copy(oci("src", "v1"), "busybox", CopyOptions.defaults(), store);

        var byShortName = store.find("busybox").orElseThrow();
        assertThat(byShortName.name()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(byShortName.manifest().digest()).isEqualTo(image.digest());
        assertThat(store.find("docker.io/library/busybox:latest")).contains(byShortName);
        assertThat(store.find("library/busybox")).contains(byShortName);
        assertThat(store.find(image.configDigest().encoded().substring(0, 12))).contains(byShortName);
        assertThat(store.find("sha256:" + image.configDigest().encoded().substring(0, 8))).contains(byShortName);
        assertThat(store.find(image.digest().toString())).contains(byShortName);
        assertThat(store.imageId(byShortName)).contains(image.configDigest());
        assertThat(store.find("alpine")).isEmpty();
        assertThat(store.find("ffffffffffff")).isEmpty();

        // the store is an OCI layout other tools can read
        assertThat(tagged(tmp.resolve("store"), "docker.io/library/busybox:latest").digest()).isEqualTo(image.digest());

        copy("busybox:latest", oci("back", "v1"), CopyOptions.defaults(), store);
        assertThat(tagged(tmp.resolve("back"), "v1").digest()).isEqualTo(image.digest());
        assertSameBlobs(src, OciLayout.open(tmp.resolve("back")), image.manifest());

        // by id prefix, too
        copy(image.configDigest().encoded().substring(0, 12), oci("back", "byid"), CopyOptions.defaults(), store);
        assertThat(tagged(tmp.resolve("back"), "byid").digest()).isEqualTo(image.digest());
    }

    @Test
    void unknownLocalImageIsAClearError() {
        assertThatThrownBy(() -> copy("nosuchimage", oci("dst", "x"), CopyOptions.defaults(), store()))
                .isInstanceOf(PierException.class)
                .hasMessageContaining("image not known: nosuchimage");
    }

    @Test
    void secondCopySkipsEveryBlob() throws IOException {
        CopyResult first = copy(oci("src", "v1"), oci("dst", "a"));
        assertThat(first.blobsCopied()).isEqualTo(3);
        assertThat(first.blobsSkipped()).isZero();

        AtomicInteger copiedEvents = new AtomicInteger();
        CopyResult second;
        try (ImageSource s = ImageLocation.parse(oci("src", "v1"), () -> null).openSource();
             ImageDestination d = ImageLocation.parse(oci("dst", "b"), () -> null).openDestination()) {
            second = ImageCopier.copy(s, d, CopyOptions.defaults(), new CopyListener() {
                @Override
                public void blobCopied(Descriptor blob) {
                    copiedEvents.incrementAndGet();
                }
            });
        }
        assertThat(second.blobsCopied()).isZero();
        assertThat(second.blobsSkipped()).isEqualTo(3);
        assertThat(second.bytesCopied()).isZero();
        assertThat(copiedEvents).hasValue(0);
        assertThat(tagged(tmp.resolve("dst"), "a").digest()).isEqualTo(image.digest());
        assertThat(tagged(tmp.resolve("dst"), "b").digest()).isEqualTo(image.digest());
    }

    @Test
    void indexWithAllKeepsIndexDigest() throws IOException {
        TestIndex index = TestImages.multiPlatform(src, "multi");
        CopyResult r = copy(oci("src", "multi"), oci("dst", "multi"), CopyOptions.defaults().withAll(true), null);

        assertThat(r.manifest().digest()).isEqualTo(index.digest());
        Descriptor top = tagged(tmp.resolve("dst"), "multi");
        assertThat(top.digest()).isEqualTo(index.digest());
        assertThat(top.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        OciLayout dst = OciLayout.open(tmp.resolve("dst"));
        assertThat(dst.blobs().path(index.digest())).hasBinaryContent(index.index().bytes());
        assertSameBlobs(src, dst, index.amd64().manifest());
        assertSameBlobs(src, dst, index.arm64().manifest());

        // and through an oci-archive and a dir
        Path archive = tmp.resolve("multi.tar");
        copy(oci("src", "multi"), "oci-archive:" + archive, CopyOptions.defaults().withAll(true), null);
        copy("oci-archive:" + archive, oci("back", "multi"), CopyOptions.defaults().withAll(true), null);
        assertThat(tagged(tmp.resolve("back"), "multi").digest()).isEqualTo(index.digest());
        copy(oci("src", "multi"), "dir:" + tmp.resolve("multidir"), CopyOptions.defaults().withAll(true), null);
        copy("dir:" + tmp.resolve("multidir"), oci("back", "fromdir"), CopyOptions.defaults().withAll(true), null);
        assertThat(tagged(tmp.resolve("back"), "fromdir").digest()).isEqualTo(index.digest());
    }

    @Test
    void indexWithoutAllCopiesTheHostImageOrTheChosenPlatform() throws IOException {
        TestIndex index = TestImages.multiPlatform(src, "multi");
        Platform host = Platform.host();
        TestImage hostImage = host.matches(Platform.parse("linux/arm64")) ? index.arm64() : index.amd64();
        org.junit.jupiter.api.Assumptions.assumeTrue(host.matches(Platform.parse("linux/amd64"))
                || host.matches(Platform.parse("linux/arm64")), "host is neither amd64 nor arm64: " + host);

        copy(oci("src", "multi"), oci("dst", "host"));
        Descriptor top = tagged(tmp.resolve("dst"), "host");
        assertThat(top.digest()).isEqualTo(hostImage.digest());
        assertThat(top.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);

        copy(oci("src", "multi"), oci("dst", "arm"), CopyOptions.defaults().withPlatform(Optional.of(Platform.parse("linux/arm64"))), null);
        assertThat(tagged(tmp.resolve("dst"), "arm").digest()).isEqualTo(index.arm64().digest());
        copy(oci("src", "multi"), oci("dst", "amd"), CopyOptions.defaults().withPlatform(Optional.of(Platform.parse("linux/x86_64"))), null);
        assertThat(tagged(tmp.resolve("dst"), "amd").digest()).isEqualTo(index.amd64().digest());

        // the arm64 image's blobs are not in the host-only copy unless asked for
        OciLayout dst = OciLayout.open(tmp.resolve("dst"));
        assertThat(dst.blobs().has(index.digest())).isFalse();
    }

    @Test
    void missingPlatformIsAClearError() throws IOException {
        TestImages.multiPlatform(src, "multi");
        assertThatThrownBy(() -> copy(oci("src", "multi"), oci("dst", "x"),
                CopyOptions.defaults().withPlatform(Optional.of(Platform.parse("linux/s390x"))), null))
                .isInstanceOf(PierException.class)
                .hasMessageContaining("no image for platform linux/s390x")
                .hasMessageContaining("linux/amd64, linux/arm64/v8");
        assertThat(OciLayout.open(tmp.resolve("dst")).find("x")).isEmpty();
    }

    @Test
    void indexToDockerArchiveNeedsOnePlatform() throws IOException {
        TestIndex index = TestImages.multiPlatform(src, "multi");
        Path archive = tmp.resolve("out/docker.tar");
        assertThatThrownBy(() -> copy(oci("src", "multi"), "docker-archive:" + archive + ":app:1",
                CopyOptions.defaults().withAll(true), null))
                .isInstanceOf(PierException.class)
                .hasMessageContaining("docker-archive:" + archive)
                .hasMessageContaining("cannot hold an image index")
                .hasMessageContaining("--platform")
                .message().doesNotContain("\n");
        assertThat(archive).doesNotExist();
        assertThat(siblingsNamedTmp(archive.getParent())).isEmpty();

        // choosing a platform works
        copy(oci("src", "multi"), "docker-archive:" + archive + ":app:1",
                CopyOptions.defaults().withPlatform(Optional.of(Platform.parse("linux/arm64"))), null);
        try (var s = new DockerArchiveSource(archive, Optional.of("app:1"))) {
            assertThat(s.image().config().architecture()).isEqualTo("arm64");
            assertThat(s.image().manifest().config().digest()).isEqualTo(index.arm64().configDigest());
        }
    }

    @Test
    void concurrentCopiesIntoOneLayoutKeepEveryTagAndReadersNeverSeeATornIndex() throws Exception {
        int writers = 8;
        List<TestImage> images = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            images.add(TestImages.image().layer(TestImages.file("id", "image " + i)).write(src, "t" + i));
        }
        Path dst = tmp.resolve("dst");
        OciLayout.openOrCreate(dst);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> readerErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 2)) {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    while (!done.get() || reads.get() < 10) {
                        try {
                            byte[] bytes = Files.readAllBytes(dst.resolve("index.json"));
                            ImageIndex idx = Json.read(bytes, ImageIndex.class, "index.json");
                            assertThat(idx.manifests()).allSatisfy(d -> assertThat(d.refName()).isPresent());
                            reads.incrementAndGet();
                        } catch (Throwable t) {
                            readerErrors.add(t);
                            return null;
                        }
                    }
                    return null;
                }));
            }
            List<Future<CopyResult>> copies = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                copies.add(pool.submit(() -> {
                    start.await();
                    return copy(oci("src", "t" + n), oci("dst", "t" + n));
                }));
            }
            start.countDown();
            for (Future<CopyResult> f : copies) {
                f.get();
            }
            done.set(true);
            for (Future<?> f : readers) {
                f.get();
            }
        }
        assertThat(readerErrors).isEmpty();
        OciLayout layout = OciLayout.open(dst);
        for (int i = 0; i < writers; i++) {
            assertThat(layout.find("t" + i)).as("tag t" + i).isPresent();
            assertThat(layout.find("t" + i).orElseThrow().digest()).isEqualTo(images.get(i).digest());
        }
        assertThat(layout.index().manifests()).hasSize(writers);
        assertThat(siblingsNamedTmp(dst)).isEmpty();
        assertThat(siblingsNamedTmp(dst.resolve("blobs/sha256"))).isEmpty();
    }

    /** Names starting with {@code .tmp-} directly in {@code dir}. */
    static List<String> siblingsNamedTmp(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }
}
