package dev.pier.runtime.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.pier.runtime.RuntimeError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The firewall of a container on the bridge network, enforced by nftables in the container's own
 * network namespace ({@link NftRuleset}) before its process starts. Ingress is denied by default
 * except to the published ports; egress is open unless restricted ({@link EgressPolicy}).
 *
 * @param ingressRestricted whether connections into the container are refused, except to {@code ingressAllowed}
 * @param ingressAllowed the container's ports open to the outside (the published ones)
 * @param egress what the container may send out
 */
public record NetworkPolicy(boolean ingressRestricted, List<Port> ingressAllowed, EgressPolicy egress) {
    /** Ingress denied but to published ports, egress open: {@code pier run}'s default on the bridge network. */
    public static final NetworkPolicy DEFAULT = new NetworkPolicy(true, List.of(), EgressPolicy.OPEN);

    public NetworkPolicy {
        ingressAllowed = ingressAllowed == null ? List.of() : List.copyOf(new LinkedHashSet<>(ingressAllowed));
        egress = egress == null ? EgressPolicy.OPEN : egress;
    }

    /**
     * The policy of {@code --ingress deny|allow} ({@code ingress}, null for the default, deny) and
     * {@code egress}.
     *
     * @throws RuntimeError for another ingress mode
     */
    public static NetworkPolicy of(String ingress, EgressPolicy egress) {
        String mode = ingress == null || ingress.isBlank() ? "deny" : ingress.strip();
        return switch (mode) {
            case "deny" -> new NetworkPolicy(true, List.of(), egress);
            case "allow" -> new NetworkPolicy(false, List.of(), egress);
            default -> throw new RuntimeError("--ingress " + ingress + ": expected deny or allow");
        };
    }

    /** This policy with the container ports of {@code published} open too. */
    public NetworkPolicy publishing(List<PortMapping> published) {
        List<Port> open = new ArrayList<>(ingressAllowed);
        published.forEach(p -> open.add(new Port(p.containerPort(), p.protocol())));
        return new NetworkPolicy(ingressRestricted, open, egress);
    }

    /** Whether there is anything to enforce. */
    public boolean enforced() {
        return ingressRestricted || egress.restricted();
    }

    /**
     * A port of the container, spelled {@code PORT/PROTOCOL}.
     *
     * @param port 1 to 65535
     * @param protocol {@code tcp} or {@code udp}
     */
    public record Port(int port, String protocol) {
        public Port {
            if (port < 1 || port > 65535 || !(protocol.equals("tcp") || protocol.equals("udp"))) {
                throw new RuntimeError("not a container port: " + port + "/" + protocol);
            }
        }

        /** Reads {@code 80/tcp}; a bare number is tcp. */
        @JsonCreator
        public static Port parse(String text) {
            String[] parts = text.strip().split("/", 2);
            try {
                return new Port(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "tcp");
            } catch (NumberFormatException e) {
                throw new RuntimeError("not a container port: " + text + " (expected PORT[/tcp|udp])");
            }
        }

        @JsonValue
        @Override
        public String toString() {
            return port + "/" + protocol;
        }
    }
}
