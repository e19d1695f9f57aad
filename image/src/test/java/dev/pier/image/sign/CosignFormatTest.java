package dev.pier.image.sign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.ImageLocation.OciLayoutLocation;
import dev.pier.image.transport.OciLayoutSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signature Pier makes, read back with nothing of Pier's: plain Jackson, the JDK's ECDSA, and
 * openssl, checked against cosign's documented format (specs/SIGNATURE_SPEC.md of sigstore/cosign,
 * and the OCI 1.1 referrer manifest cosign's {@code --registry-referrers-mode=oci-1-1} writes).
 */
class CosignFormatTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theReferrerHoldsACosignSimpleSigningPayloadAndItsSignature() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("layout"));
        var image = TestImages.image().layer(TestImages.file("app", "v1")).write(layout, "v1");
        Path priv = tmp.resolve("cosign.key");
        Path pub = tmp.resolve("cosign.pub");
        SignatureKeys.write(SignatureKeys.generate(), priv, pub);

        var signed = Signer.sign(new OciLayoutLocation(layout.dir(), Optional.of("v1")), SignatureKeys.readPrivate(priv), Map.of());

        // the referrer: an unnamed index.json entry, as cosign's OCI 1.1 mode writes it
        Descriptor entry = layout.index().manifests().stream().filter(d -> d.refName().isEmpty()).findFirst().orElseThrow();
        assertThat(entry.digest()).isEqualTo(signed.referrer().digest());
        JsonNode manifest = PLAIN.readTree(Files.readAllBytes(layout.blobs().path(entry.digest())));
        assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("artifactType").asText()).isEqualTo("application/vnd.dev.cosign.artifact.sig.v1+json");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.artifact.sig.v1+json");
        assertThat(manifest.path("subject").path("digest").asText()).isEqualTo(image.digest().toString());
        assertThat(manifest.path("subject").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("subject").path("size").asLong()).isEqualTo(image.manifest().size());

        JsonNode layers = manifest.path("layers");
        assertThat(layers.size()).isEqualTo(1);
        JsonNode layer = layers.get(0);
        assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
        byte[] payload = Files.readAllBytes(layout.blobs().path(dev.pier.image.digest.Digest.parse(layer.path("digest").asText())));
        assertThat(layer.path("digest").asText()).isEqualTo("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
        assertThat(layer.path("size").asLong()).isEqualTo(payload.length);

        // the payload: exactly the bytes Go's json.Marshal gives cosign's SimpleContainerImage
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(
                "{\"critical\":{\"identity\":{\"docker-reference\":\"v1\"},\"image\":{\"docker-manifest-digest\":\""
                + image.digest() + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");

        // the config's diff_ids name the payloads, as in cosign's signature images
        JsonNode config = PLAIN.readTree(Files.readAllBytes(layout.blobs().path(
                dev.pier.image.digest.Digest.parse(manifest.path("config").path("digest").asText()))));
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(layer.path("digest").asText());

        // the signature: base64 DER ECDSA over SHA-256 of the payload, checked with the JDK alone ...
        byte[] der = Base64.getDecoder().decode(layer.path("annotations").path("dev.cosignproject.cosign/signature").asText());
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(publicKeyFromPem(pub));
        jdk.update(payload);
        assertThat(jdk.verify(der)).isTrue();

        // ... and with openssl, from the files as they are
        Path payloadFile = Files.write(tmp.resolve("payload.json"), payload);
        Path sigFile = Files.write(tmp.resolve("payload.sig"), der);
        var openssl = Exec.of(Peers.require("openssl"), "dgst", "-sha256", "-verify", pub.toString(), "-signature",
                sigFile.toString(), payloadFile.toString()).run();
        assertThat(openssl.stdout()).as(openssl.describe()).contains("Verified OK");

        try (var src = new OciLayoutSource(layout, Optional.of("v1"), "layout")) {
            assertThat(SignatureVerifier.verify(src, SignatureKeys.readPublic(pub)).signatures()).hasSize(1);
        }
    }

    @Test
    void anOpensslKeySignsAndItsPublicKeyVerifies() throws Exception {
        Path openssl = Peers.require("openssl");
        Path priv = tmp.resolve("ossl.key");
        Path pub = tmp.resolve("ossl.pub");
        Exec.of(openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", priv.toString()).check();
        Exec.of(openssl, "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString()).check();
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("layout"));
        TestImages.image().layer(TestImages.file("app", "v2")).write(layout, "v2");

        Signer.sign(new OciLayoutLocation(layout.dir(), Optional.of("v2")), SignatureKeys.readPrivate(priv), Map.of("by", "ci"));

        try (var src = new OciLayoutSource(layout, Optional.of("v2"), "layout")) {
            var v = SignatureVerifier.verify(src, SignatureKeys.readPublic(pub));
            assertThat(v.signatures().getFirst().payload().optional()).containsEntry("by", "ci");
        }
    }

    private static PublicKey publicKeyFromPem(Path pem) throws Exception {
        String text = Files.readString(pem);
        assertThat(text).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String body = text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
