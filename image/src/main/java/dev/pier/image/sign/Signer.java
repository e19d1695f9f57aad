package dev.pier.image.sign;

import dev.pier.image.PierException;
import dev.pier.image.artifact.Artifact;
import dev.pier.image.artifact.ArtifactAttacher;
import dev.pier.image.digest.Digest;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.StoredImage;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageLocation.OciLayoutLocation;
import dev.pier.image.transport.ImageLocation.RegistryLocation;
import dev.pier.image.transport.ImageLocation.StoreLocation;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs the manifest an image location points at (an index as a whole, when it is one), as
 * {@code cosign sign --key} does, and stores the signature beside it: always as a referrer
 * ({@link SignatureArtifacts#referrer}); in a registry also under cosign's {@code sha256-<hex>.sig}
 * tag, added to the signatures already there, so that cosign's default verification finds it.
 */
public final class Signer {
    private Signer() {}

    /**
     * What was signed and where the signature went.
     *
     * @param subject the signed manifest
     * @param payload the signed payload
     * @param referrer the referrer manifest written
     * @param tag cosign's tag, when it was written too
     */
    public record Signed(Descriptor subject, SimpleSigningPayload payload, Descriptor referrer, Optional<String> tag) {}

    /** Signs the image at {@code location} with {@code key}; {@code claims} go into the payload's {@code optional}. */
    public static Signed sign(ImageLocation location, PrivateKey key, Map<String, String> claims) throws IOException {
        RawManifest subject;
        Optional<RawManifest> tagged;
        Digest digest;
        try (ImageSource src = location.openSource()) {
            subject = src.manifest();
            digest = subject.digest();
            tagged = location instanceof RegistryLocation ? src.manifestTagged(SignatureArtifacts.tagFor(digest)) : Optional.empty();
            CosignSignature signature = CosignSignature.sign(new SimpleSigningPayload(identity(location), digest, claims), key);
            Artifact referrer = SignatureArtifacts.referrer(subject.descriptor(), List.of(signature));
            ArtifactAttacher.attach(location, referrer);
            Optional<String> tag = Optional.empty();
            if (location instanceof RegistryLocation) {
                List<CosignSignature> all = new ArrayList<>(tagged.isPresent() ? SignatureReader.signatures(src, tagged.get()) : List.of());
                if (all.stream().noneMatch(s -> s.base64Signature().equals(signature.base64Signature()))) {
                    all.add(signature);
                }
                tag = Optional.of(SignatureArtifacts.tagFor(digest));
                ArtifactAttacher.tag(location, tag.get(), SignatureArtifacts.tagged(all));
            }
            return new Signed(subject.descriptor(), SimpleSigningPayload.parse(signature.payload(), "payload"),
                    referrer.manifest().descriptor(), tag);
        }
    }

    /** The repository the payload names, as cosign does (no tag); for a layout, its ref name. */
    private static String identity(ImageLocation location) {
        return switch (location) {
            case RegistryLocation r -> r.reference().repository();
            case StoreLocation s -> Reference.parse(s.store().find(s.nameOrId()).map(StoredImage::name)
                    .orElseThrow(() -> new PierException("image not known: " + s.nameOrId()))).repository();
            case OciLayoutLocation l -> l.refName().orElse("");
            default -> location.toString();
        };
    }
}
