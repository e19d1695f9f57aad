package dev.pier.image.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mutable copy of a {@link ContainerConfig} for changing a few fields:
 * {@code ContainerConfig.EMPTY.toBuilder().cmd(List.of("sh")).build()}.
 */
public final class ContainerConfigBuilder {
    private String user;
    private Map<String, Map<String, Object>> exposedPorts;
    private List<String> env;
    private List<String> entrypoint;
    private List<String> cmd;
    private Map<String, Map<String, Object>> volumes;
    private String workingDir;
    private Map<String, String> labels;
    private String stopSignal;
    private Boolean argsEscaped;
    private Map<String, Object> healthcheck;
    private List<String> onBuild;
    private List<String> shell;

    ContainerConfigBuilder(ContainerConfig c) {
        user = c.user();
        exposedPorts = new TreeMap<>(c.exposedPorts());
        env = new ArrayList<>(c.env());
        entrypoint = c.entrypoint();
        cmd = c.cmd();
        volumes = new TreeMap<>(c.volumes());
        workingDir = c.workingDir();
        labels = new TreeMap<>(c.labels());
        stopSignal = c.stopSignal();
        argsEscaped = c.argsEscaped();
        healthcheck = c.healthcheck();
        onBuild = new ArrayList<>(c.onBuild());
        shell = c.shell();
    }

    public ContainerConfigBuilder user(String v) {
        user = v;
        return this;
    }

    public ContainerConfigBuilder entrypoint(List<String> v) {
        entrypoint = v;
        return this;
    }

    public ContainerConfigBuilder cmd(List<String> v) {
        cmd = v;
        return this;
    }

    public ContainerConfigBuilder workingDir(String v) {
        workingDir = v;
        return this;
    }

    public ContainerConfigBuilder stopSignal(String v) {
        stopSignal = v;
        return this;
    }

    public ContainerConfigBuilder shell(List<String> v) {
        shell = v;
        return this;
    }

    public ContainerConfigBuilder healthcheck(Map<String, Object> v) {
        healthcheck = v;
        return this;
    }

    /** Sets {@code NAME=value}, replacing an earlier value of the same name in place. */
    public ContainerConfigBuilder env(String name, String value) {
        String entry = name + "=" + value;
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).startsWith(name + "=")) {
                env.set(i, entry);
                return this;
            }
        }
        env.add(entry);
        return this;
    }

    public ContainerConfigBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Adds {@code port/proto}, e.g. {@code 8080/tcp}. */
    public ContainerConfigBuilder exposedPort(String portAndProtocol) {
        exposedPorts.put(portAndProtocol, Map.of());
        return this;
    }

    public ContainerConfigBuilder volume(String path) {
        volumes.put(path, Map.of());
        return this;
    }

    public ContainerConfigBuilder onBuild(String trigger) {
        onBuild.add(trigger);
        return this;
    }

    public ContainerConfig build() {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }
}
