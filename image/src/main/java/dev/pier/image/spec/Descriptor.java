package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pier.image.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A content descriptor (image-spec {@code descriptor.md}): what a blob is, which bytes it is, and
 * how many. Empty lists and maps are left out when written.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType,
        String data) {

    /** The annotation that names a manifest in an image layout's index.json. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : new java.util.TreeMap<>(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType, data);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType, data);
    }

    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, digest, size, urls, annotations, platform, artifactType, data);
    }

    /** The {@code org.opencontainers.image.ref.name} annotation, if any. */
    public Optional<String> refName() {
        return Optional.ofNullable(annotations.get(REF_NAME));
    }

    public Optional<Platform> platformIfAny() {
        return Optional.ofNullable(platform);
    }
}
