package dev.pier.analyze.scan;

import dev.pier.image.PierException;
import dev.pier.image.artifact.Artifact;
import dev.pier.image.spec.Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An SBOM as an OCI artifact referring to the image it describes, as {@code cosign attach sbom}
 * and the OCI image-spec's artifact guidance make one: {@code artifactType} and the one layer's
 * media type are the SBOM format's ({@code application/spdx+json} or
 * {@code application/vnd.cyclonedx+json}), the config is the empty one, the subject is the image.
 */
public final class SbomArtifact {
    /** SPDX 2.3 JSON's media type. */
    public static final String SPDX_JSON = "application/spdx+json";
    /** CycloneDX JSON's media type. */
    public static final String CYCLONEDX_JSON = "application/vnd.cyclonedx+json";

    private SbomArtifact() {}

    /** The media type of a format as {@code pier scan --attach} names it: {@code spdx} or {@code cyclonedx}. */
    public static String mediaType(String format) {
        return switch (format) {
            case "spdx" -> SPDX_JSON;
            case "cyclonedx" -> CYCLONEDX_JSON;
            default -> throw new PierException("unsupported SBOM format " + format + ": use spdx or cyclonedx");
        };
    }

    /** The artifact holding {@code sbom} (the document's exact text) of {@code mediaType}, referring to {@code subject}. */
    public static Artifact of(String mediaType, String sbom, Descriptor subject) {
        Artifact.Blob layer = Artifact.Blob.of(mediaType, sbom.getBytes(StandardCharsets.UTF_8));
        return Artifact.of(mediaType, Artifact.emptyConfig(), List.of(layer),
                Descriptor.of(subject.mediaType(), subject.digest(), subject.size()), Map.of());
    }
}
