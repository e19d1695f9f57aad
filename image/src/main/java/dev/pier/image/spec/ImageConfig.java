package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The image configuration ({@code application/vnd.oci.image.config.v1+json}, which Docker's
 * {@code container.image.v1} extends): platform, runtime defaults, the diff_ids of the layers and
 * the history. Fields Pier does not model are ignored on read; Pier never re-serialises a config it
 * read, it keeps the original bytes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        history = history == null ? List.of() : List.copyOf(history);
        config = config == null ? ContainerConfig.EMPTY : config;
        rootfs = rootfs == null ? new RootFs("layers", List.of()) : rootfs;
    }

    public Platform platform() {
        return new Platform(architecture, os, osVersion, osFeatures, variant, null);
    }

    public ImageConfig withRootFs(RootFs newRootfs) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, newRootfs, history);
    }

    public ImageConfig withConfig(ContainerConfig newConfig) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, newConfig, rootfs, history);
    }

    public ImageConfig withHistory(List<History> newHistory) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs, newHistory);
    }

    public ImageConfig withCreated(String newCreated) {
        return new ImageConfig(newCreated, author, architecture, os, osVersion, osFeatures, variant, config, rootfs, history);
    }
}
