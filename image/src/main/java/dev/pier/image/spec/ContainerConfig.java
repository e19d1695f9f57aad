package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The {@code config} object of an image configuration: the defaults a container of this image
 * runs with. {@code Healthcheck}, {@code OnBuild} and {@code Shell} are Docker's extensions.
 * {@code ExposedPorts} and {@code Volumes} are JSON objects whose values are empty objects.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> entrypoint,
        @JsonProperty("Cmd") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> cmd,
        @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Healthcheck") Map<String, Object> healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> shell) {

    public static final ContainerConfig EMPTY =
            new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);

    public ContainerConfig {
        exposedPorts = exposedPorts == null ? Map.of() : new java.util.TreeMap<>(exposedPorts);
        env = env == null ? List.of() : List.copyOf(env);
        volumes = volumes == null ? Map.of() : new java.util.TreeMap<>(volumes);
        labels = labels == null ? Map.of() : new java.util.TreeMap<>(labels);
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        // Entrypoint and Cmd keep null apart from empty: an explicit [] clears an inherited value.
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        shell = shell == null ? null : List.copyOf(shell);
    }

    /** A builder starting from this config's values. */
    public ContainerConfigBuilder toBuilder() {
        return new ContainerConfigBuilder(this);
    }
}
