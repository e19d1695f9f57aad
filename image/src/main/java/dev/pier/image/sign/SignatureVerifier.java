package dev.pier.image.sign;

import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies cosign signatures of an image with a public key, as {@code cosign verify --key} does:
 * a signature counts when it is valid for its payload's exact bytes under the key, and the
 * payload's {@code critical.type} is cosign's and its {@code critical.image.docker-manifest-digest}
 * is the digest of the manifest being verified. Signatures are looked for among the manifest's
 * referrers of artifact type {@link SignatureArtifacts#ARTIFACT_TYPE} (the referrers API, or its
 * fallback tag) and under cosign's tag {@code sha256-<hex>.sig}.
 */
public final class SignatureVerifier {
    /** At most this many signature manifests are read, so a hostile registry cannot make verification endless. */
    static final int MAX_SIGNATURE_MANIFESTS = 64;

    private SignatureVerifier() {}

    /** A signature that verified, and where it was found ({@code referrer sha256:...} or {@code tag sha256-....sig}). */
    public record VerifiedSignature(String foundIn, SimpleSigningPayload payload) {}

    /** The manifest verified and its valid signatures (at least one). */
    public record Verification(RawManifest subject, List<VerifiedSignature> signatures) {}

    /** Verifies the manifest {@code source} points at; throws {@link SignatureException} when no signature is valid. */
    public static Verification verify(ImageSource source, PublicKey key) throws IOException {
        return verify(source, source.manifest(), key);
    }

    /** Verifies {@code subject}, a manifest of {@code source}; throws {@link SignatureException} when no signature is valid. */
    public static Verification verify(ImageSource source, RawManifest subject, PublicKey key) throws IOException {
        Tally tally = new Tally();
        List<VerifiedSignature> valid = new ArrayList<>();
        for (Candidate c : candidates(source, subject)) {
            List<CosignSignature> signatures;
            try {
                signatures = SignatureReader.signatures(source, c.manifest());
            } catch (PierException e) {
                tally.malformed++;
                continue;
            }
            for (CosignSignature s : signatures) {
                check(s, subject, key, tally).ifPresent(p -> valid.add(new VerifiedSignature(c.foundIn(), p)));
            }
        }
        if (valid.isEmpty()) {
            throw new SignatureException(source.describe() + ": " + tally.explain(subject));
        }
        return new Verification(subject, List.copyOf(valid));
    }

    /**
     * The image to use from {@code source}, only if it is signed: the manifest the source points at
     * must verify, or, for an index, the index or the image chosen in it for {@code platform}. The
     * image returned is built from the verified manifest's bytes, so nothing renamed in between
     * can take its place.
     */
    public static Image verifiedImage(ImageSource source, Platform platform, PublicKey key) throws IOException {
        RawManifest top = source.manifest();
        if (!top.isIndex()) {
            return source.image(verify(source, top, key).subject());
        }
        Descriptor chosen = top.asIndex().forPlatform(platform).orElseThrow(() -> new PierException(
                source.describe() + ": no image for platform " + platform + " in the index"));
        RawManifest image = source.manifest(chosen);
        try {
            verify(source, top, key);
        } catch (SignatureException indexUnsigned) {
            verify(source, image, key);
        }
        return source.image(image);
    }

    private static Optional<SimpleSigningPayload> check(CosignSignature s, RawManifest subject, PublicKey key, Tally tally) {
        if (!s.verifiedBy(key)) {
            tally.otherKey++;
            return Optional.empty();
        }
        SimpleSigningPayload payload;
        try {
            payload = SimpleSigningPayload.parse(s.payload(), "signature payload");
        } catch (PierException e) {
            tally.malformed++;
            return Optional.empty();
        }
        if (!payload.manifestDigest().equals(subject.digest())) {
            tally.otherImage++;
            return Optional.empty();
        }
        return Optional.of(payload);
    }

    private record Candidate(String foundIn, RawManifest manifest) {}

    private static List<Candidate> candidates(ImageSource source, RawManifest subject) throws IOException {
        List<Candidate> out = new ArrayList<>();
        for (Descriptor d : source.referrers(subject.descriptor())) {
            if (SignatureArtifacts.ARTIFACT_TYPE.equals(d.artifactType()) && out.size() < MAX_SIGNATURE_MANIFESTS) {
                out.add(new Candidate("referrer " + d.digest(), source.manifest(d)));
            }
        }
        String tag = SignatureArtifacts.tagFor(subject.digest());
        source.manifestTagged(tag).ifPresent(m -> out.add(new Candidate("tag " + tag, m)));
        return out;
    }

    /** Why no signature verified, counted by reason. */
    private static final class Tally {
        int otherKey;
        int otherImage;
        int malformed;

        String explain(RawManifest subject) {
            int total = otherKey + otherImage + malformed;
            if (total == 0) {
                return "no signature found for " + subject.digest() + " (no cosign signature among its referrers, no tag "
                        + SignatureArtifacts.tagFor(subject.digest()) + "); sign it with pier sign --key";
            }
            List<String> why = new ArrayList<>();
            if (otherKey > 0) {
                why.add(otherKey + " not valid for this key (another key, or altered)");
            }
            if (otherImage > 0) {
                why.add(otherImage + " signed for another manifest digest (the image was changed or re-tagged)");
            }
            if (malformed > 0) {
                why.add(malformed + " malformed");
            }
            return "no valid signature for " + subject.digest() + " with this key: " + total + " found, "
                    + String.join(", ", why);
        }
    }
}
