package dev.pier.image.sign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.artifact.Artifact;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The two shapes cosign stores signatures in, both OCI image manifests whose layers are
 * {@link CosignSignature#layer()}s:
 * <ul>
 * <li>under the tag {@code sha256-<hex>.sig} of the image's repository (cosign's default, tag-based
 *     discovery of its signature specification): config {@code application/vnd.oci.image.config.v1+json};
 * <li>as a referrer, found through the referrers API (cosign's OCI 1.1 mode): the same manifest with
 *     {@code artifactType} and config media type {@link #ARTIFACT_TYPE} and the image as {@code subject}.
 * </ul>
 * The config is the one cosign writes: an image config with empty platform and zero times, whose
 * {@code rootfs.diff_ids} are the payloads' digests.
 */
public final class SignatureArtifacts {
    /** The artifact type of cosign signatures in the referrers API. */
    public static final String ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private SignatureArtifacts() {}

    /** cosign's tag for the signatures of {@code subject}: {@code sha256-<hex>.sig}. */
    public static String tagFor(Digest subject) {
        return subject.algorithm().id() + "-" + subject.encoded() + ".sig";
    }

    /** The manifest for the {@code .sig} tag, holding {@code signatures} in order. */
    public static Artifact tagged(List<CosignSignature> signatures) {
        return build(MediaType.OCI_CONFIG, null, signatures, null);
    }

    /** The referrer manifest of {@code subject} holding {@code signatures}. */
    public static Artifact referrer(Descriptor subject, List<CosignSignature> signatures) {
        return build(ARTIFACT_TYPE, ARTIFACT_TYPE, signatures, Descriptor.of(subject.mediaType(), subject.digest(), subject.size()));
    }

    private static Artifact build(String configType, String artifactType, List<CosignSignature> signatures, Descriptor subject) {
        List<Artifact.Blob> layers = signatures.stream().map(CosignSignature::layer).toList();
        Artifact.Blob config = Artifact.Blob.of(configType, config(layers));
        return Artifact.of(artifactType, config, layers, subject, Map.of());
    }

    private static byte[] config(List<Artifact.Blob> layers) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("architecture", "");
        c.put("created", ZERO_TIME);
        c.putArray("history").addObject().put("created", ZERO_TIME);
        c.put("os", "");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.descriptor().digest().toString()));
        c.putObject("config");
        return Json.write(c);
    }
}
