package dev.pier.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pier's bridge network, made by the CNI plugins of Debian's {@code containernetworking-plugins}
 * as podman makes its own as root: {@code bridge} (bridge {@code pier0}, addresses from
 * {@value #SUBNET} by {@code host-local}, outbound NAT), then {@code portmap} for the published
 * ports (iptables DNAT, from 127.0.0.1 too). The container's side is its network namespace,
 * {@code /proc/PID/ns/net}, connected between create and start. What DEL needs later (the
 * namespace, the ports, bridge's result) is kept in a state file of the container.
 */
public final class CniBridge {
    static final String SUBNET = "10.89.0.0/24";
    private static final String NETWORK = "pier";
    private static final String GATEWAY = "10.89.0.1";
    private static final String VERSION = "1.0.0";

    private CniBridge() {}

    /**
     * Connects the network namespace of {@code pid} and publishes {@code ports}; returns the
     * container's address. {@code state} is written for {@link #detach}.
     */
    public static String attach(String id, long pid, List<PortMapping> ports, Path state) {
        String netns = "/proc/" + pid + "/ns/net";
        JsonNode bridge = run("ADD", id, netns, bridgeConfig());
        ObjectNode saved = Json.mapper().createObjectNode().put("netns", netns);
        saved.set("bridge", bridge);
        saved.set("ports", Json.mapper().valueToTree(ports));
        write(state, saved);
        if (!ports.isEmpty()) {
            run("ADD", id, netns, portmapConfig(ports, bridge));
        }
        JsonNode ips = bridge.path("ips");
        return ips.isArray() && !ips.isEmpty() ? ips.get(0).path("address").asText().replaceFirst("/.*", "") : "";
    }

    /** Undoes {@link #attach} as recorded in {@code state}, if it is there; the namespace may be gone. */
    public static void detach(String id, Path state) {
        if (!Files.isRegularFile(state)) {
            return;
        }
        JsonNode saved = Json.tree(read(state), state.toString());
        String netns = saved.path("netns").asText();
        List<PortMapping> ports = new ArrayList<>();
        saved.path("ports").forEach(p -> ports.add(Json.mapper().convertValue(p, PortMapping.class)));
        try {
            if (!ports.isEmpty()) {
                run("DEL", id, netns, portmapConfig(ports, saved.path("bridge")));
            }
            run("DEL", id, netns, bridgeConfig());
        } finally {
            try {
                Files.deleteIfExists(state);
            } catch (IOException e) {
                // the container's directory goes with it
            }
        }
    }

    private static ObjectNode bridgeConfig() {
        ObjectNode c = Json.mapper().createObjectNode()
                .put("cniVersion", VERSION).put("name", NETWORK).put("type", "bridge")
                .put("bridge", "pier0").put("isGateway", true).put("ipMasq", true).put("hairpinMode", true);
        ObjectNode ipam = c.putObject("ipam").put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", SUBNET).put("gateway", GATEWAY);
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        return c;
    }

    private static ObjectNode portmapConfig(List<PortMapping> ports, JsonNode bridgeResult) {
        ObjectNode c = Json.mapper().createObjectNode()
                .put("cniVersion", VERSION).put("name", NETWORK).put("type", "portmap").put("snat", true);
        c.putObject("capabilities").put("portMappings", true);
        ArrayNode mappings = c.putObject("runtimeConfig").putArray("portMappings");
        for (PortMapping p : ports) {
            ObjectNode m = mappings.addObject().put("hostPort", p.hostPort()).put("containerPort", p.containerPort())
                    .put("protocol", p.protocol());
            if (!p.hostIp().isEmpty()) {
                m.put("hostIP", p.hostIp());
            }
        }
        c.set("prevResult", bridgeResult);
        return c;
    }

    /** Runs the plugin named by {@code config}'s type with {@code command}; returns its result. */
    private static JsonNode run(String command, String id, String netns, ObjectNode config) {
        Path plugins = Path.of(System.getenv().getOrDefault("CNI_PATH", "/usr/lib/cni"));
        Path plugin = plugins.resolve(config.path("type").asText());
        if (!Files.isExecutable(plugin)) {
            throw new RuntimeError("the bridge network needs the CNI plugins: " + plugin
                    + " is missing (apt-get install containernetworking-plugins)");
        }
        ProcessBuilder pb = new ProcessBuilder(plugin.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", id);
        env.put("CNI_NETNS", netns);
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", plugins.toString());
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(Json.write(config));
            }
            byte[] out;
            try (InputStream o = p.getInputStream()) {
                out = o.readAllBytes();
            }
            int status = p.waitFor();
            if (status != 0) {
                JsonNode error = out.length == 0 ? null : Json.mapper().readTree(out);
                String why = error == null ? "exit " + status : error.path("msg").asText() + " " + error.path("details").asText();
                throw new RuntimeError("CNI " + config.path("type").asText() + " " + command + " failed: " + why.strip());
            }
            return out.length == 0 ? Json.mapper().createObjectNode() : Json.tree(out, plugin + " " + command);
        } catch (IOException e) {
            throw new RuntimeError("CNI " + config.path("type").asText() + " " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted while running CNI " + config.path("type").asText());
        }
    }

    private static void write(Path state, JsonNode node) {
        try {
            AtomicFile.write(state, Json.write(node));
        } catch (IOException e) {
            throw new RuntimeError("cannot write " + state + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path state) {
        try {
            return Files.readAllBytes(state);
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + state + ": " + e.getMessage(), e);
        }
    }
}
