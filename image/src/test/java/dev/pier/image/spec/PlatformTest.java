package dev.pier.image.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
    @Test
    void parsesOsArchAndVariant() {
        assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.of("linux", "amd64", null));
        Platform arm = Platform.parse("linux/arm64/v8");
        assertThat(arm.os()).isEqualTo("linux");
        assertThat(arm.architecture()).isEqualTo("arm64");
        assertThat(arm.variant()).isEqualTo("v8");
        assertThat(arm.toString()).isEqualTo("linux/arm64/v8");
        assertThat(Platform.parse("linux/amd64").toString()).isEqualTo("linux/amd64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux", "linux/", "/amd64", "linux/amd64/", "linux/arm/v7/extra", "//", "linux//v7"})
    void rejectsMalformedPlatforms(String text) {
        assertThatThrownBy(() -> Platform.parse(text))
                .isInstanceOf(PierException.class)
                .hasMessageContaining("invalid platform")
                .hasMessageContaining("os/arch[/variant]");
    }

    @ParameterizedTest(name = "image {0} matches wanted {1}: {2}")
    @CsvSource({
            "linux/arm64,      linux/arm64/v8, true",
            "linux/arm64/v8,   linux/arm64,    true",
            "linux/aarch64,    linux/arm64,    true",
            "linux/arm64,      linux/aarch64,  true",
            "linux/x86_64,     linux/amd64,    true",
            "linux/amd64,      linux/x86_64,   true",
            "linux/amd64,      linux/amd64/v1, true",
            "Linux/AMD64,      linux/amd64,    true",
            "linux/arm/v7,     linux/arm,      true",
            "linux/arm,        linux/arm/v7,   true",
            "linux/arm/v6,     linux/arm/v7,   false",
            "linux/arm/v6,     linux/arm,      false",
            "linux/arm/v7,     linux/arm/v6,   false",
            "linux/arm64,      linux/arm64/v9, false",
            "linux/amd64,      linux/arm64,    false",
            "linux/arm64,      linux/amd64,    false",
            "windows/amd64,    linux/amd64,    false",
            "linux/386,        linux/i386,     true",
            "linux/amd64/v3,   linux/amd64,    true",
    })
    void matchesWithNormalisation(String image, String wanted, boolean expected) {
        assertThat(Platform.parse(image.trim()).matches(Platform.parse(wanted.trim()))).isEqualTo(expected);
    }

    @Test
    void hostPlatformIsNormalisedLinux() {
        Platform host = Platform.host();
        assertThat(host.os()).isEqualTo("linux");
        assertThat(host.architecture()).isNotIn("x86_64", "aarch64");
        assertThat(host.matches(host)).isTrue();
    }

    @Test
    void indexPicksTheMatchingEntryInOrder() {
        var digestA = dev.pier.image.digest.Digest.sha256(new byte[] {1});
        var digestB = dev.pier.image.digest.Digest.sha256(new byte[] {2});
        ImageIndex index = ImageIndex.oci(List.of(
                Descriptor.of(MediaType.OCI_MANIFEST, digestA, 1).withPlatform(Platform.parse("linux/amd64")),
                Descriptor.of(MediaType.OCI_MANIFEST, digestB, 1).withPlatform(Platform.parse("linux/arm64/v8")),
                Descriptor.of(MediaType.OCI_MANIFEST, digestA, 1)));
        assertThat(index.forPlatform(Platform.parse("linux/arm64"))).hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(digestB));
        assertThat(index.forPlatform(Platform.parse("linux/x86_64"))).hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(digestA));
        assertThat(index.forPlatform(Platform.parse("linux/riscv64"))).isEmpty();
    }

    @Test
    void jsonUsesSpecFieldNames() {
        Platform p = new Platform("amd64", "windows", "10.0.17763", List.of("win32k"), null, null);
        assertThat(new String(Json.write(p), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763\",\"os.features\":[\"win32k\"]}");
    }
}
