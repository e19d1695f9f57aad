package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.digest.Digest;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push, pull, index, chunked upload, mount, tags, delete and errors against a plain-HTTP docker-registry. */
class RegistryTransportTest {
    static final RegistryOptions OPTIONS = RegistryOptions.defaults().withTlsVerify(false).withMaxAttempts(2);
    @TempDir
    static Path shared;
    static RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = RegistryServer.start(shared, RegistryServer.Config.plain());
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    static CopyResult copy(String from, String to, CopyOptions copyOptions, RegistryOptions options) throws IOException {
        try (ImageSource src = ImageLocation.parse(from, () -> null, options).openSource();
             ImageDestination dst = ImageLocation.parse(to, () -> null, options).openDestination()) {
            return ImageCopier.copy(src, dst, copyOptions, CopyListener.NONE);
        }
    }

    static String skopeoDigest(String ref, String... flags) {
        Path skopeo = Peers.require("skopeo");
        String raw = Exec.of(skopeo, "inspect", "--raw").args(flags).args(ref).check().stdout();
        return Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void pushedImageIsPulledBackUnchangedBySkopeo() throws IOException {
        Path skopeo = Peers.require("skopeo");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "push", 300_000);
        String ref = "docker://" + registry.host() + "/pier/push:v1";

        CopyResult r = copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), OPTIONS);

        assertThat(r.manifest().digest()).isEqualTo(m.digest());
        assertThat(r.blobsCopied()).isEqualTo(3);
        assertThat(skopeoDigest(ref, "--tls-verify=false")).isEqualTo(m.digest().toString());
        Exec.of(skopeo, "copy", "--src-tls-verify=false", ref, "oci:" + tmp.resolve("back") + ":v1").check();
        OciLayout back = OciLayout.open(tmp.resolve("back"));
        assertThat(back.find("v1").orElseThrow().digest()).isEqualTo(m.digest());
        // a second push finds every blob there
        assertThat(copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), OPTIONS).blobsSkipped()).isEqualTo(3);
    }

    @Test
    void pullsWhatSkopeoPushedWithEqualDigests() throws IOException {
        Path skopeo = Peers.require("skopeo");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v2", "skopeo", 200_000);
        String ref = "docker://" + registry.host() + "/pier/from-skopeo:v2";
        Exec.of(skopeo, "copy", "--dest-tls-verify=false", "oci:" + layout.dir() + ":v2", ref).check();
        String pushed = skopeoDigest(ref, "--tls-verify=false");

        CopyResult r = copy(ref, "oci:" + tmp.resolve("pulled") + ":v2", CopyOptions.defaults(), OPTIONS);

        assertThat(r.manifest().digest().toString()).isEqualTo(pushed);
        OciLayout pulled = OciLayout.open(tmp.resolve("pulled"));
        Descriptor top = pulled.find("v2").orElseThrow();
        RawManifest read = new dev.pier.image.transport.OciLayoutSource(pulled, Optional.of("v2"), "pulled").manifest();
        for (Descriptor layer : read.asManifest().layers()) {
            assertThat(pulled.blobs().readVerified(layer, Integer.MAX_VALUE)).hasSize((int) layer.size());
        }
        assertThat(top.digest().toString()).isEqualTo(pushed);
        assertThat(m.digest().toString()).isEqualTo(pushed); // skopeo kept the OCI manifest as it was
    }

    @Test
    void twoPlatformIndexRoundTripsAndPlatformPicks() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest index = RegistryFixtures.index(layout, "multi", 100_000);
        String ref = "docker://" + registry.host() + "/pier/multi:1";

        CopyResult pushed = copy("oci:" + layout.dir() + ":multi", ref, CopyOptions.defaults().withAll(true), OPTIONS);
        assertThat(pushed.manifest().digest()).isEqualTo(index.digest());
        assertThat(skopeoDigest(ref, "--tls-verify=false")).isEqualTo(index.digest().toString());

        CopyResult all = copy(ref, "oci:" + tmp.resolve("all") + ":multi", CopyOptions.defaults().withAll(true), OPTIONS);
        assertThat(all.manifest().digest()).isEqualTo(index.digest());

        Platform arm64 = Platform.parse("linux/arm64");
        Descriptor armManifest = index.asIndex().forPlatform(arm64).orElseThrow();
        CopyResult one = copy(ref, "oci:" + tmp.resolve("arm") + ":x",
                CopyOptions.defaults().withPlatform(Optional.of(arm64)), OPTIONS);
        assertThat(one.manifest().digest()).isEqualTo(armManifest.digest());
    }

    @Test
    void chunkedUploadRoundTrips() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "c", "chunked", 3 * 1024 * 1024 + 17);
        String ref = "docker://" + registry.host() + "/pier/chunked:c";

        copy("oci:" + layout.dir() + ":c", ref, CopyOptions.defaults(), OPTIONS.withChunkSize(1024 * 1024));

        CopyResult back = copy(ref, "oci:" + tmp.resolve("back") + ":c", CopyOptions.defaults(), OPTIONS);
        assertThat(back.manifest().digest()).isEqualTo(m.digest());
        assertThat(back.blobsCopied()).isEqualTo(3);
    }

    @Test
    void sameRegistryCopyMountsBlobs() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "m", "mount", 50_000);
        String a = "docker://" + registry.host() + "/pier/mount-a:m";
        String b = "docker://" + registry.host() + "/pier/mount-b:m";
        copy("oci:" + layout.dir() + ":m", a, CopyOptions.defaults(), OPTIONS);

        CopyResult r = copy(a, b, CopyOptions.defaults(), OPTIONS);

        assertThat(r.blobsCopied()).isZero();
        assertThat(r.blobsSkipped()).isEqualTo(3);
        assertThat(skopeoDigest(b, "--tls-verify=false")).isEqualTo(m.digest().toString());
    }

    @Test
    void tagsArePagedAndDeleteRemovesTheManifest() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "t", "tags", 10_000);
        for (String tag : new String[] {"a", "b", "c", "d", "e"}) {
            copy("oci:" + layout.dir() + ":t", "docker://" + registry.host() + "/pier/tags:" + tag, CopyOptions.defaults(), OPTIONS);
        }
        Reference ref = Reference.parse(registry.host() + "/pier/tags:a");
        try (RegistrySource src = new RegistrySource(ref, OPTIONS)) {
            assertThat(src.repository().tags(2)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
            assertThat(src.repository().headManifest("c").orElseThrow().digest()).isEqualTo(m.digest());
            src.repository().deleteManifest(m.digest());
            assertThat(src.repository().headManifest("c")).isEmpty();
            assertThatThrownBy(src::manifest)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining(registry.host() + "/pier/tags")
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void unknownRepositoryGivesOneLineNamingIt() {
        Reference ref = Reference.parse(registry.host() + "/pier/nothing-here:v9");
        try (RegistrySource src = new RegistrySource(ref, OPTIONS)) {
            assertThatThrownBy(src::manifest)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining(registry.host() + "/pier/nothing-here")
                    .hasMessageContaining("manifest v9 not found")
                    .hasMessageNotContaining("\n");
        }
    }
}
