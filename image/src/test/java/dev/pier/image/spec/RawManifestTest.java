package dev.pier.image.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawManifestTest {
    private static final String D = Digest.sha256(new byte[0]).toString();
    private static final String CONFIG = "{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + D + "\",\"size\":0}";

    private static RawManifest of(String json) {
        return RawManifest.of(json.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void mediaTypeFieldWins() {
        assertThat(of("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_MANIFEST + "\",\"config\":" + CONFIG + ",\"layers\":[]}")
                .mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(of("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_MANIFEST_LIST + "\",\"manifests\":[]}")
                .mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        assertThat(of("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_MANIFEST_LIST + "\",\"manifests\":[]}")
                .isIndex()).isTrue();
    }

    @Test
    void withoutMediaTypeTheShapeDecides() {
        RawManifest index = of("{\"schemaVersion\":2,\"manifests\":[]}");
        assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(index.isIndex()).isTrue();
        RawManifest manifest = of("{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[]}");
        assertThat(manifest.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(manifest.asManifest().config().digest().toString()).isEqualTo(D);
    }

    @Test
    void givenMediaTypeIsKept() {
        byte[] bytes = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(RawManifest.of(bytes, MediaType.DOCKER_MANIFEST_LIST).mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"schemaVersion\":2}", "{\"config\":{}}", "{\"layers\":[]}", "not json", "[]"})
    void unknownDocumentsAreRejected(String json) {
        assertThatThrownBy(() -> of(json)).isInstanceOf(PierException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void keepsExactBytesAndHashesThem() {
        String json = "{ \"schemaVersion\" : 2,\n \"manifests\" : [ ] }";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        RawManifest m = RawManifest.of(bytes, null);
        assertThat(m.bytes()).isEqualTo(bytes);
        assertThat(m.digest()).isEqualTo(Digest.sha256(bytes));
        assertThat(m.descriptor()).isEqualTo(Descriptor.of(MediaType.OCI_INDEX, Digest.sha256(bytes), bytes.length));
        bytes[0] = 'X';
        assertThat(m.bytes()[0]).isEqualTo((byte) '{'); // defensive copy
    }

    @Test
    void wrongKindIsAClearError() {
        RawManifest index = of("{\"schemaVersion\":2,\"manifests\":[]}");
        assertThatThrownBy(index::asManifest).isInstanceOf(PierException.class).hasMessageContaining("not an image manifest");
        RawManifest manifest = RawManifest.of(Manifest.oci(Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(new byte[0]), 0), List.of()));
        assertThatThrownBy(manifest::asIndex).isInstanceOf(PierException.class).hasMessageContaining("not an image index");
        RawManifest noConfig = RawManifest.of("{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_MANIFEST);
        assertThatThrownBy(noConfig::asManifest).isInstanceOf(PierException.class).hasMessageContaining("no config");
    }
}
