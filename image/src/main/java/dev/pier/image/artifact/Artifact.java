package dev.pier.image.artifact;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI artifact Pier made (a signature, an SBOM): its manifest, exact bytes, and the small blobs
 * the manifest names, held in memory and written with it by {@link ArtifactAttacher}.
 */
public record Artifact(RawManifest manifest, List<Blob> blobs) {

    public Artifact {
        blobs = List.copyOf(blobs);
    }

    /** A blob and its descriptor (whose annotations go into the manifest with it). */
    public record Blob(Descriptor descriptor, byte[] bytes) {
        public Blob {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public static Blob of(String mediaType, byte[] bytes) {
            return new Blob(Descriptor.of(mediaType, Digest.sha256(bytes), bytes.length), bytes);
        }

        public Blob withAnnotations(Map<String, String> annotations) {
            return new Blob(descriptor.withAnnotations(annotations), bytes);
        }
    }

    /** The empty config, {@code {}}, that image-spec 1.1 gives artifacts without a config of their own. */
    public static Blob emptyConfig() {
        return Blob.of(MediaType.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An artifact as the image-spec's guidance makes one: {@code artifactType}, the given config
     * and layers, and {@code subject} (the manifest it is about) when there is one.
     */
    public static Artifact of(String artifactType, Blob config, List<Blob> layers, Descriptor subjectOrNull,
                              Map<String, String> annotations) {
        Manifest m = new Manifest(2, MediaType.OCI_MANIFEST, artifactType, config.descriptor(),
                layers.stream().map(Blob::descriptor).toList(), subjectOrNull, annotations);
        List<Blob> all = new ArrayList<>();
        all.add(config);
        all.addAll(layers);
        return new Artifact(RawManifest.of(m), all);
    }
}
