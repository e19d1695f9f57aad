package dev.pier.image.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsRegisteredAlgorithms() {
        Digest d = Digest.parse(EMPTY_SHA256);
        assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(d.toString()).isEqualTo(EMPTY_SHA256);
        assertThat(d).isEqualTo(Digest.sha256(new byte[0]));
        assertThat(d.shortId()).isEqualTo("e3b0c44298fc");

        Digest s512 = Digest.of(DigestAlgorithm.SHA512, new byte[0]);
        assertThat(Digest.parse(s512.toString())).isEqualTo(s512);
        assertThat(s512.encoded()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "sha256", "sha256:", ":abc", "sha256:xyz",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
            " sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha256:../../etc/passwd",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/../x",
            "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha256+b64:47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU="})
    void rejectsAnythingThatIsNotAValidDigest(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(Digest.InvalidDigestException.class)
                .isInstanceOf(PierException.class)
                .hasMessageContaining("invalid digest")
                .hasMessageContaining("expected sha256:<64 hex> or sha512:<128 hex>");
    }

    @Test
    void errorMessagesStayOnOneLineAndAreBounded() {
        assertThatThrownBy(() -> Digest.parse("sha256:\n\u001b[31mred\r"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u001b").contains("\\u001b[31mred"));
        assertThatThrownBy(() -> Digest.parse("sha256:" + "a".repeat(10_000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(PierException.class);
    }

    @Test
    void jsonRoundTripsAsAString() {
        Digest d = Digest.parse(EMPTY_SHA256);
        assertThat(new String(Json.write(d), StandardCharsets.UTF_8)).isEqualTo("\"" + EMPTY_SHA256 + "\"");
        assertThat(Json.read(Json.write(d), Digest.class, "digest")).isEqualTo(d);
        assertThatThrownBy(() -> Json.read("\"sha256:../x\"".getBytes(StandardCharsets.UTF_8), Digest.class, "digest"))
                .isInstanceOf(PierException.class).hasMessageContaining("invalid digest");
    }

    @Test
    void streamDigestEqualsByteDigest() throws IOException {
        byte[] data = "hello\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        assertThat(Digest.of(DigestAlgorithm.SHA256, new ByteArrayInputStream(data))).isEqualTo(Digest.sha256(data));
    }

    @Test
    void verifyingStreamAcceptsExactContentAndRejectsTheRest() throws IOException {
        byte[] data = "content".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(data);
        try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(data), "blob", d, data.length)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        byte[] other = "Content".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new VerifyingInputStream(new ByteArrayInputStream(other), "blob", d, data.length).readAllBytes())
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("digest mismatch").hasMessageContaining(d.toString());
        assertThatThrownBy(() -> new VerifyingInputStream(new ByteArrayInputStream(data), "blob", d, data.length + 1).readAllBytes())
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("size mismatch");
        assertThatThrownBy(() -> new VerifyingInputStream(new ByteArrayInputStream(data), "blob", d, data.length - 1).readAllBytes())
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("size mismatch");
    }

    /** equals and hashCode are written out (see Digest): value semantics as a record's, both fields counted. */
    @Test
    void equalDigestsAreEqualAndHashAlikeOthersDiffer() {
        Digest a = Digest.parse(EMPTY_SHA256);
        Digest b = Digest.sha256(new byte[0]);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
        assertThat(a).isNotEqualTo(Digest.sha256(new byte[1])).isNotEqualTo(EMPTY_SHA256).isNotEqualTo(null);
        assertThat(java.util.Set.of(a, Digest.sha256(new byte[1]))).contains(b);
    }
}
