package dev.pier.image.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final Digest D = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));

    private static String text(Object o) {
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }

    private static ImageConfig config(Map<String, String> labels) {
        ContainerConfig cc = new ContainerConfig("1000", null, List.of("PATH=/bin", "A=b"), null, List.of("/bin/sh"),
                null, "/work", labels, null, null, null, null, null);
        return new ImageConfig("2024-01-01T00:00:00Z", null, "amd64", "linux", null, null, null, cc,
                new RootFs("layers", List.of(D)), List.of(new History("2024-01-01T00:00:00Z", "RUN x", null, null, null)));
    }

    @Test
    void sameObjectGivesSameBytesWhateverTheMapOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        forward.put("c", "3");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("c", "3");
        backward.put("b", "2");
        backward.put("a", "1");

        byte[] one = Json.write(config(forward));
        assertThat(Json.write(config(backward))).isEqualTo(one);
        assertThat(Json.write(config(forward))).isEqualTo(one);
        assertThat(Digest.sha256(Json.write(config(backward)))).isEqualTo(Digest.sha256(one));
    }

    @Test
    void mapKeysAreSortedAndThereIsNoWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", 1);
        m.put("alpha", Map.of("y", 2, "x", 1));
        m.put("Mid", List.of("b", "a"));
        assertThat(text(m)).isEqualTo("{\"Mid\":[\"b\",\"a\"],\"alpha\":{\"x\":1,\"y\":2},\"zeta\":1}");
    }

    @Test
    void configUsesSpecFieldNamesInDeclarationOrder() {
        String json = text(config(Map.of("k", "v")));
        assertThat(json).startsWith("{\"created\":\"2024-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{");
        assertThat(json).contains("\"User\":\"1000\"", "\"Env\":[\"PATH=/bin\",\"A=b\"]", "\"Cmd\":[\"/bin/sh\"]",
                "\"WorkingDir\":\"/work\"", "\"Labels\":{\"k\":\"v\"}", "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D + "\"]}",
                "\"created_by\":\"RUN x\"");
        assertThat(json).doesNotContain("null", ": ", ", ", "\n");
    }

    @Test
    void anExplicitEmptyCmdIsKeptWhileAnAbsentOneIsLeftOut() {
        // An empty Cmd or Entrypoint clears the base image's value; dropping it would change the image.
        var cleared = new ContainerConfig(null, null, null, List.of(), List.of(), null, null, null, null, null, null, null, null);
        assertThat(text(cleared)).isEqualTo("{\"Entrypoint\":[],\"Cmd\":[]}");
        assertThat(text(ContainerConfig.EMPTY)).isEqualTo("{}");
        assertThat(Json.read("{\"Cmd\":[]}".getBytes(StandardCharsets.UTF_8), ContainerConfig.class, "c").cmd()).isEmpty();
    }

    @Test
    void readIgnoresUnknownFieldsAndRoundTrips() {
        byte[] bytes = Json.write(config(Map.of("k", "v")));
        ImageConfig back = Json.read(bytes, ImageConfig.class, "config");
        assertThat(Json.write(back)).isEqualTo(bytes);
        String withExtra = "{\"future\":{\"x\":[1,2]},\"os\":\"linux\",\"architecture\":\"arm64\"}";
        assertThat(Json.read(withExtra.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config").architecture()).isEqualTo("arm64");
    }

    @Test
    void readRejectsWithOneLineNamingTheDocument() {
        assertThatThrownBy(() -> Json.read("{\"os\":\n\"linux\",,}".getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config X"))
                .isInstanceOf(PierException.class)
                .hasMessageStartingWith("config X: malformed JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Json.read("{} {}".getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config X"))
                .isInstanceOf(PierException.class);
        assertThatThrownBy(() -> Json.read("{\"size\":NaN}".getBytes(StandardCharsets.UTF_8), Descriptor.class, "d"))
                .isInstanceOf(PierException.class);
        byte[] big = new byte[Json.MAX_DOCUMENT_BYTES + 1];
        assertThatThrownBy(() -> Json.read(big, ImageIndex.class, "index"))
                .isInstanceOf(PierException.class).hasMessageContaining("exceeds the limit");
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> Json.read(deep.getBytes(StandardCharsets.UTF_8), Object.class, "deep"))
                .isInstanceOf(PierException.class).hasMessageStartingWith("deep: malformed JSON");
    }

    @Test
    void descriptorOmitsEmptyFieldsButKeepsSize() {
        assertThat(text(Descriptor.of(MediaType.OCI_LAYER, D, 0)))
                .isEqualTo("{\"mediaType\":\"" + MediaType.OCI_LAYER + "\",\"digest\":\"" + D + "\",\"size\":0}");
        Descriptor full = Descriptor.of(MediaType.OCI_MANIFEST, D, 12)
                .withAnnotations(Map.of("z", "1", Descriptor.REF_NAME, "v1"))
                .withPlatform(Platform.parse("linux/arm64/v8"));
        assertThat(text(full)).isEqualTo("{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + D
                + "\",\"size\":12,\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\",\"z\":\"1\"},"
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}");
        assertThat(Json.read(Json.write(full), Descriptor.class, "d")).isEqualTo(full);
        assertThat(full.refName()).contains("v1");
    }

    @Test
    void manifestAndIndexShapes() {
        Manifest m = Manifest.oci(Descriptor.of(MediaType.OCI_CONFIG, D, 2), List.of());
        assertThat(text(m)).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + D + "\",\"size\":2}}");
        assertThat(text(ImageIndex.oci(List.of()))).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\"}");
    }
}
