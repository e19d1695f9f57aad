package dev.pier.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What Pier writes (oci:, oci-archive:, docker-archive:, dir:, the local store) is read by skopeo and passes oci-image-tool. */
class InteropPeersReadPierOutputTest {
    @TempDir
    static Path work;

    static Path layout;
    static PierCli pier;
    static JsonNode source;

    @BeforeAll
    static void images() throws IOException {
        Peers.require("skopeo");
        layout = InteropImages.umoci(work);
        pier = new PierCli(work.resolve("store"));
        source = skopeoInspect("oci:" + layout + ":" + InteropImages.MULTI);
    }

    @Test
    void ociLayoutWrittenByPierIsValid() {
        Path out = work.resolve("valid-oci");
        pier.check("copy", "oci:" + layout + ":" + InteropImages.MULTI, "oci:" + out + ":multi");
        pier.check("copy", "oci:" + layout + ":" + InteropImages.BUSYBOX, "oci:" + out + ":busybox");
        validate(out, "multi");
        validate(out, "busybox");
    }

    @Test
    void localStoreIsAValidLayout() {
        Path root = work.resolve("valid-store");
        PierCli local = new PierCli(root);
        local.check("copy", "oci:" + layout + ":" + InteropImages.MULTI, "multi:v1");
        local.check("copy", "oci:" + layout + ":" + InteropImages.BUSYBOX, "example.org/team/busybox:1.0");
        validate(root, "docker.io/library/multi:v1");
        validate(root, "example.org/team/busybox:1.0");
    }

    /** A location for each kind of output; {@code %s} is the directory for this case. */
    @ParameterizedTest
    @ValueSource(strings = {"oci:%s/layout:multi", "oci-archive:%s/image.tar:multi", "dir:%s/dir", "STORE"})
    void skopeoReadsAndCopiesPierOutputKeepingTheDigest(String pattern) throws IOException {
        String dst = location(pattern);
        pier.check("copy", "oci:" + layout + ":" + InteropImages.MULTI, dst);
        String asSkopeo = pattern.equals("STORE") ? "oci:" + work.resolve("store") + ":docker.io/library/multi:skopeo" : dst;

        JsonNode read = skopeoInspect(asSkopeo);
        assertThat(read.get("Digest")).isEqualTo(source.get("Digest"));
        assertThat(read.get("Layers")).isEqualTo(source.get("Layers"));
        assertThat(read.get("Created")).isEqualTo(source.get("Created"));
        assertThat(read.get("Labels")).isEqualTo(source.get("Labels"));
        assertThat(read.get("Env")).isEqualTo(source.get("Env"));

        Path copy = work.resolve("skopeo-copy-" + Math.abs(pattern.hashCode()));
        InteropImages.skopeoCopy(asSkopeo, "oci:" + copy + ":x");
        assertThat(skopeoInspect("oci:" + copy + ":x").get("Digest")).isEqualTo(source.get("Digest"));
    }

    @Test
    void skopeoReadsPierDockerArchiveWithUncompressedLayers() throws IOException {
        Path archive = work.resolve("pier-docker.tar");
        pier.check("copy", "oci:" + layout + ":" + InteropImages.MULTI, "docker-archive:" + archive + ":example.org/multi:1");
        JsonNode config = PierCli.json(Exec.of(Peers.require("skopeo"), "inspect", "--config",
                "oci:" + layout + ":" + InteropImages.MULTI).check().stdout());
        List<JsonNode> diffIds = new ArrayList<>();
        config.get("rootfs").get("diff_ids").forEach(diffIds::add);

        JsonNode read = skopeoInspect("docker-archive:" + archive);
        // layers stored uncompressed: their digests are the diff_ids
        List<JsonNode> layers = new ArrayList<>();
        read.get("Layers").forEach(layers::add);
        assertThat(layers).isEqualTo(diffIds);
        assertThat(read.get("Created")).isEqualTo(source.get("Created"));
        String rawConfig = Exec.of(Peers.require("skopeo"), "inspect", "--config", "--raw", "docker-archive:" + archive).check().stdout();
        String sourceConfig = Exec.of(Peers.require("skopeo"), "inspect", "--config", "--raw",
                "oci:" + layout + ":" + InteropImages.MULTI).check().stdout();
        assertThat(rawConfig).as("the config travels byte for byte").isEqualTo(sourceConfig);

        Path copy = work.resolve("skopeo-copy-of-docker-archive");
        InteropImages.skopeoCopy("docker-archive:" + archive + ":example.org/multi:1", "oci:" + copy + ":x");
        validate(copy, "x");
        // skopeo compresses the layers on the way to oci:; Pier reads the result as skopeo does
        JsonNode back = pier.check("inspect", "oci:" + copy + ":x").json();
        JsonNode skopeoBack = skopeoInspect("oci:" + copy + ":x");
        assertThat(back.get("Digest")).isEqualTo(skopeoBack.get("Digest"));
        assertThat(back.get("Layers")).isEqualTo(skopeoBack.get("Layers"));
    }

    private static String location(String pattern) throws IOException {
        if (pattern.equals("STORE")) {
            return "multi:skopeo";
        }
        Path dir = java.nio.file.Files.createTempDirectory(work, "out-");
        return pattern.formatted(dir);
    }

    private static void validate(Path dir, String ref) {
        // oci-image-tool 1.0.0-rc1 calls an image layout "image" (it autodetects "imageLayout")
        Exec.Result r = Exec.of(Peers.require("oci-image-tool"), "validate", "--type", "image", "--ref", "name=" + ref, dir.toString()).run();
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.stdout() + r.stderr()).contains("Validation succeeded");
    }

    static JsonNode skopeoInspect(String location) {
        return PierCli.json(Exec.of(Peers.require("skopeo"), "inspect", location).check().stdout());
    }
}
