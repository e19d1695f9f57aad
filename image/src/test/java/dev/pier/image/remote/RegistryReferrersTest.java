package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.OciLayoutSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier copy --referrers} carries signatures and SBOMs: from an OCI layout (index.json
 * entries with a subject) to a registry without the referrers API (docker-registry 2.8, so the
 * fallback tag {@code sha256-<hex>}) and back into another layout.
 */
class RegistryReferrersTest {
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

    /** An SBOM artifact whose subject is {@code subject}, stored untagged in the layout. */
    static RawManifest attachSbom(OciLayout layout, Descriptor subject, String content) throws IOException {
        Descriptor config = layout.blobs().put(MediaType.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Descriptor sbom = layout.blobs().put("application/spdx+json", content.getBytes(StandardCharsets.UTF_8));
        Manifest m = new Manifest(2, MediaType.OCI_MANIFEST, "application/spdx+json", config, List.of(sbom), subject, null);
        RawManifest raw = RawManifest.of(m);
        layout.addUntagged(layout.blobs().put(MediaType.OCI_MANIFEST, raw.bytes()));
        return raw;
    }

    @Test
    void referrersTravelThroughARegistryWithoutTheApiAndBack() throws IOException {
        OciLayout src = OciLayout.openOrCreate(tmp.resolve("src"));
        var image = TestImages.image().layer(TestImages.file("app", "v1")).write(src, "v1");
        RawManifest sbom = attachSbom(src, image.descriptor(), "{\"spdxVersion\":\"SPDX-2.3\"}");

        String remote = "docker://" + registry.host() + "/app/referred:v1";
        RegistryTransportTest.copy("oci:" + src.dir() + ":v1", remote, CopyOptions.defaults().withReferrers(true),
                RegistryTransportTest.OPTIONS);

        try (ImageSource s = ImageLocation.parse(remote, () -> null, RegistryTransportTest.OPTIONS).openSource()) {
            assertThat(s.referrers(image.descriptor())).extracting(Descriptor::digest).containsExactly(sbom.digest());
            assertThat(s.referrers(image.descriptor()).getFirst().artifactType()).isEqualTo("application/spdx+json");
        }

        Path back = tmp.resolve("back");
        RegistryTransportTest.copy(remote, "oci:" + back + ":v1", CopyOptions.defaults().withReferrers(true),
                RegistryTransportTest.OPTIONS);
        try (var s = new OciLayoutSource(OciLayout.open(back), Optional.of("v1"), "back")) {
            assertThat(s.manifest().digest()).isEqualTo(image.manifest().digest());
            assertThat(s.referrers(image.descriptor())).extracting(Descriptor::digest).containsExactly(sbom.digest());
            assertThat(s.manifest(s.referrers(image.descriptor()).getFirst()).bytes()).isEqualTo(sbom.bytes());
        }
    }

    @Test
    void withoutTheFlagReferrersStayBehind() throws IOException {
        OciLayout src = OciLayout.openOrCreate(tmp.resolve("src"));
        var image = TestImages.image().layer(TestImages.file("app", "v2")).write(src, "v2");
        attachSbom(src, image.descriptor(), "{}");

        Path dst = tmp.resolve("dst");
        RegistryTransportTest.copy("oci:" + src.dir() + ":v2", "oci:" + dst + ":v2", CopyOptions.defaults(),
                RegistryTransportTest.OPTIONS);
        try (var s = new OciLayoutSource(OciLayout.open(dst), Optional.of("v2"), "dst")) {
            assertThat(s.referrers(image.descriptor())).isEmpty();
        }
        Path dst2 = tmp.resolve("dst2");
        RegistryTransportTest.copy("oci:" + src.dir() + ":v2", "oci:" + dst2 + ":v2", CopyOptions.defaults().withReferrers(true),
                RegistryTransportTest.OPTIONS);
        try (var s = new OciLayoutSource(OciLayout.open(dst2), Optional.of("v2"), "dst2")) {
            assertThat(s.referrers(image.descriptor())).hasSize(1);
        }
    }
}
