package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An image manifest: OCI ({@code application/vnd.oci.image.manifest.v1+json}) or Docker v2
 * schema 2, which share this shape. Parsed from bytes that are kept elsewhere; see {@link RawManifest}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : new java.util.TreeMap<>(annotations);
    }

    /** A new OCI image manifest. */
    public static Manifest oci(Descriptor config, List<Descriptor> layers) {
        return new Manifest(2, MediaType.OCI_MANIFEST, null, config, layers, null, null);
    }

    public Manifest withLayers(List<Descriptor> newLayers) {
        return new Manifest(schemaVersion, mediaType, artifactType, config, newLayers, subject, annotations);
    }

    public Manifest withConfig(Descriptor newConfig) {
        return new Manifest(schemaVersion, mediaType, artifactType, newConfig, layers, subject, annotations);
    }
}
