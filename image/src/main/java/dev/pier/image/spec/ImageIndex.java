package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image index ({@code application/vnd.oci.image.index.v1+json}) or a Docker manifest list:
 * manifests, usually one per platform. Also the shape of an image layout's {@code index.json}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) {

    public ImageIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : new java.util.TreeMap<>(annotations);
    }

    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaType.OCI_INDEX, null, manifests, null, null);
    }

    public ImageIndex withManifests(List<Descriptor> newManifests) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, newManifests, subject, annotations);
    }

    /** The first manifest whose platform matches {@code wanted}. */
    public Optional<Descriptor> forPlatform(Platform wanted) {
        return manifests.stream()
                .filter(d -> d.platform() != null && d.platform().matches(wanted))
                .findFirst();
    }
}
