package dev.pier.image.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import java.util.List;
import java.util.Map;

/** What {@code pier inspect} reports of an image, shaped like {@code skopeo inspect}'s output. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImageInfo(
        @JsonProperty("Name") String name,
        @JsonProperty("Digest") String digest,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Created") String created,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("Os") String os,
        @JsonProperty("Layers") List<String> layers,
        @JsonProperty("LayersData") List<LayerData> layersData,
        @JsonProperty("Env") List<String> env) {

    /** One layer as skopeo's LayersData lists it. */
    public record LayerData(
            @JsonProperty("MIMEType") String mimeType,
            @JsonProperty("Digest") String digest,
            @JsonProperty("Size") long size,
            @JsonProperty("Annotations") Map<String, String> annotations) {}

    /**
     * Summarises an image. {@code digest} is the digest of what the name points at: the image's
     * manifest, or the index when the image was chosen from one (as skopeo reports it).
     */
    public static ImageInfo of(String name, dev.pier.image.digest.Digest digest, Image image, List<String> repoTags) {
        ImageConfig config = image.config();
        List<Descriptor> layers = image.manifest().layers();
        return new ImageInfo(
                name,
                digest.toString(),
                repoTags,
                config.created(),
                config.config().labels().isEmpty() ? null : config.config().labels(),
                config.architecture(),
                config.os(),
                layers.stream().map(d -> d.digest().toString()).toList(),
                layers.stream().map(d -> new LayerData(d.mediaType(), d.digest().toString(), d.size(),
                        d.annotations().isEmpty() ? null : d.annotations())).toList(),
                // skopeo prints null for a config without Env, as it does for Labels
                config.config().env().isEmpty() ? null : config.config().env());
    }
}
