package dev.pier.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.artifact.ArtifactAttacher;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.RegistryOptions;
import dev.pier.image.remote.RegistryServer;
import dev.pier.image.remote.RegistrySource;
import dev.pier.image.spec.MediaType;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageLocation.RegistryLocation;
import dev.pier.image.transport.ImageSource;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures in docker-registry 2.8, which has no referrers API: the referrer goes into the
 * distribution spec's fallback tag {@code sha256-<hex>}, and cosign's tag {@code sha256-<hex>.sig}
 * holds every signature. A re-tagged image and a replayed signature do not verify.
 */
class RegistrySignatureTest {
    private static final RegistryOptions OPTIONS = RegistryOptions.defaults().withTlsVerify(false).withMaxAttempts(2);
    @TempDir
    static Path shared;
    static RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryServer.start(shared, RegistryServer.Config.plain());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryLocation push(String seed, String name) throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve(seed));
        TestImages.image().layer(TestImages.file("app", seed)).write(layout, "v1");
        RegistryLocation dest = new RegistryLocation(Reference.parse(registry.host() + "/" + name), OPTIONS);
        try (ImageSource s = ImageLocation.parse("oci:" + layout.dir() + ":v1", () -> null).openSource();
             var d = dest.openDestination()) {
            ImageCopier.copy(s, d, CopyOptions.defaults(), CopyListener.NONE);
        }
        return dest;
    }

    @Test
    void signaturesGoToTheFallbackTagAndCosignsTagAndVerify() throws Exception {
        RegistryLocation app = push("one", "signed/app:v1");
        KeyPair alice = SignatureKeys.generate();
        KeyPair bob = SignatureKeys.generate();
        var first = Signer.sign(app, alice.getPrivate(), Map.of());
        var second = Signer.sign(app, bob.getPrivate(), Map.of("team", "b"));
        assertThat(first.tag()).contains(SignatureArtifacts.tagFor(first.subject().digest()));

        try (RegistrySource src = (RegistrySource) app.openSource()) {
            // cosign's tag: one OCI manifest, a config of the image type, one simple-signing layer per signature
            var tagged = src.manifestTagged("sha256-" + first.subject().digest().encoded() + ".sig").orElseThrow().asManifest();
            assertThat(tagged.subject()).isNull();
            assertThat(tagged.config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
            assertThat(tagged.layers()).hasSize(2).allSatisfy(l -> {
                assertThat(l.mediaType()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
                assertThat(l.annotations()).containsKey("dev.cosignproject.cosign/signature");
            });
            // the referrers fallback tag lists both referrers, with cosign's artifact type
            var fallback = src.repository().referrersTag(first.subject().digest()).orElseThrow().manifests();
            assertThat(fallback).extracting(d -> d.digest()).containsExactlyInAnyOrder(first.referrer().digest(), second.referrer().digest());
            assertThat(fallback).allSatisfy(d -> assertThat(d.artifactType()).isEqualTo(SignatureArtifacts.ARTIFACT_TYPE));

            var v = SignatureVerifier.verify(src, alice.getPublic());
            // found both ways: through the referrer and in cosign's tag
            assertThat(v.signatures()).extracting(SignatureVerifier.VerifiedSignature::foundIn)
                    .anyMatch(w -> w.startsWith("referrer ")).anyMatch(w -> w.startsWith("tag sha256-"));
            assertThat(SignatureVerifier.verify(src, bob.getPublic()).signatures().getFirst().payload().optional()).containsEntry("team", "b");
            assertThatThrownBy(() -> SignatureVerifier.verify(src, SignatureKeys.generate().getPublic()))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("4 not valid for this key");
        }
    }

    @Test
    void aRetaggedImageAndAReplayedSignatureFail() throws Exception {
        RegistryLocation app = push("signed", "tamper/app:v1");
        KeyPair key = SignatureKeys.generate();
        var signed = Signer.sign(app, key.getPrivate(), Map.of());

        // another image pushed under the signed name: nothing signs its digest
        push("evil", "tamper/app:v1");
        try (ImageSource src = app.openSource()) {
            assertThat(src.manifest().digest()).isNotEqualTo(signed.subject().digest());
            assertThatThrownBy(() -> SignatureVerifier.verify(src, key.getPublic())).isInstanceOf(SignatureException.class)
                    .hasMessageContaining("no signature found for " + src.manifest().digest());
        }

        // the genuine signature copied to the new digest's tag: valid bytes, but for another manifest
        try (RegistrySource src = (RegistrySource) app.openSource()) {
            var genuine = src.manifestTagged(SignatureArtifacts.tagFor(signed.subject().digest())).orElseThrow();
            var sigs = SignatureReader.signatures(src, genuine);
            ArtifactAttacher.tag(app, SignatureArtifacts.tagFor(src.manifest().digest()), SignatureArtifacts.tagged(sigs));
            assertThatThrownBy(() -> SignatureVerifier.verify(src, key.getPublic())).isInstanceOf(SignatureException.class)
                    .hasMessageContaining("1 signed for another manifest digest");
        }
    }
}
