package dev.pier.image.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages.TestImage;
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

@Timeout(60)
class TestImagesTest {
    @TempDir
    Path tmp;

    private static TestImages.Builder sample(Path tree) {
        return TestImages.image()
                .layer(tree)
                .layer(w -> {
                    w.addWhiteout("etc/old", TestImages.FILE);
                    w.addOpaque("var", TestImages.FILE);
                })
                .compression(Compression.ZSTD)
                .platform("linux/arm64/v8")
                .env("PATH=/bin")
                .cmd("/bin/sh", "-c", "true");
    }

    @Test
    void sameSpecGivesSameDigestsAndConsistentBlobs() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/etc"));
        Files.writeString(tree.resolve("hello"), "hello\n");
        OciLayout a = OciLayout.openOrCreate(tmp.resolve("a"));
        OciLayout b = OciLayout.openOrCreate(tmp.resolve("b"));

        TestImage first = sample(tmp.resolve("tree")).write(a, "v1");
        TestImage second = sample(tmp.resolve("tree")).write(b, "v1");

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(a.find("v1")).hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(first.digest()));
        assertThat(first.diffIds()).containsExactlyElementsOf(first.layers().stream().map(l -> l.diffId()).toList());
        assertThat(first.layerDescriptors()).allSatisfy(d -> {
            assertThat(d.mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
            assertThat(a.blobs().has(d)).isTrue();
        });
        assertThat(first.config().architecture()).isEqualTo("arm64");
        assertThat(first.config().variant()).isEqualTo("v8");
        assertThat(first.config().config().cmd()).containsExactly("/bin/sh", "-c", "true");
        assertThat(first.config().history()).hasSize(2);
        assertThat(Json.write(first.config())).isEqualTo(first.rawConfig());

        // the second layer really holds the whiteout and the opaque marker
        try (InputStream in = Compression.ZSTD.decompress(a.blobs().openVerified(first.layerDescriptors().get(1)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            List<String> names = new ArrayList<>();
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
            assertThat(names).containsExactly("etc/.wh.old", "var/.wh..wh..opq");
        }
    }

    @Test
    void multiPlatformIndexNamesBothPlatforms() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("l"));
        var index = TestImages.multiPlatform(layout, "multi");
        var parsed = index.index().asIndex();
        assertThat(parsed.manifests()).extracting(d -> d.platform().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(index.amd64().digest()).isNotEqualTo(index.arm64().digest());
        assertThat(layout.find("multi")).hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(index.digest()));
    }
}
