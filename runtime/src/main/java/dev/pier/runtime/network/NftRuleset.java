package dev.pier.runtime.network;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link NetworkPolicy} as an nftables ruleset ({@link #text}), loaded into a container's network
 * namespace ({@link #apply}) with {@code nsenter --net=NAMESPACE nft -f -}, in one
 * transaction: either every rule is in place or none is and the container does not start.
 *
 * <p>One {@code inet} table, {@value #TABLE}, covers IPv4 and IPv6. A restricted direction is a
 * base chain with policy drop that accepts loopback, established and related traffic, IPv6
 * neighbour discovery, and what the policy allows; anything else is rejected rather than dropped,
 * so a refused connection fails at once (connection refused inbound, no route to host outbound)
 * instead of hanging until a timeout. Without CAP_NET_ADMIN in its namespace (the default) the
 * container's processes cannot change the table.
 */
public final class NftRuleset {
    /** The table's name in the container's namespace. */
    public static final String TABLE = "pier";

    private NftRuleset() {}

    /** The ruleset for {@code policy}; empty when it restricts nothing. */
    public static String text(NetworkPolicy policy) {
        if (!policy.enforced()) {
            return "";
        }
        StringBuilder out = new StringBuilder("table inet " + TABLE + " {\n");
        if (policy.ingressRestricted()) {
            chain(out, "input", "iif \"lo\"", "nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert",
                    policy.ingressAllowed().stream().map(p -> p.protocol() + " dport " + p.port()).toList(), true);
        }
        if (policy.egress().restricted()) {
            chain(out, "output", "oif \"lo\"", "nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit",
                    policy.egress().allowed().stream().map(NftRuleset::match).toList(), false);
        }
        return out.append("}\n").toString();
    }

    /**
     * Loads the ruleset of {@code policy} into the network namespace {@code namespace} (such as
     * {@code /proc/PID/ns/net} or {@code /run/netns/NAME}); does nothing when the policy restricts nothing.
     *
     * @throws RuntimeError when nft is missing or refuses the ruleset (the container must then not start)
     */
    public static void apply(Path namespace, NetworkPolicy policy) {
        String rules = text(policy);
        if (rules.isEmpty()) {
            return;
        }
        Path nft = nft().orElseThrow(() -> new RuntimeError(
                "the network policy needs nftables: nft is not installed (apt-get install nftables)"));
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=" + namespace, nft.toString(), "-f", "-")
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(rules.getBytes(StandardCharsets.UTF_8));
            }
            String output;
            try (InputStream o = p.getInputStream()) {
                output = new String(o.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (p.waitFor() != 0) {
                throw new RuntimeError("cannot install the network policy in the container's namespace: "
                        + (output.isEmpty() ? "nft failed" : output.lines().findFirst().orElse("")));
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot install the network policy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted while installing the network policy");
        }
    }

    /**
     * A base chain on {@code hook} with policy drop, accepting loopback, established, neighbour
     * discovery and {@code allowed}, rejecting the rest (tcp with a reset when {@code resetTcp}: a
     * client outside sees "connection refused").
     */
    private static void chain(StringBuilder out, String hook, String loopback, String neighbourDiscovery, List<String> allowed,
            boolean resetTcp) {
        out.append("\tchain ").append(hook).append(" {\n")
                .append("\t\ttype filter hook ").append(hook).append(" priority filter; policy drop;\n")
                .append("\t\t").append(loopback).append(" accept\n")
                .append("\t\tct state established,related accept\n")
                .append("\t\tct state invalid drop\n")
                .append("\t\ticmpv6 type { ").append(neighbourDiscovery).append(" } accept\n");
        allowed.forEach(a -> out.append("\t\t").append(a).append(" accept\n"));
        if (resetTcp) {
            out.append("\t\tmeta l4proto tcp reject with tcp reset\n");
        }
        out.append("\t\treject with icmpx admin-prohibited\n\t}\n");
    }

    /** The match of one allowed destination: its network, and its port on tcp, udp or both. */
    private static String match(EgressRule rule) {
        String address = (rule.ipv6() ? "ip6" : "ip") + " daddr " + rule.network();
        if (rule.port() == 0) {
            return address;
        }
        return address + (rule.protocol().isEmpty() ? " meta l4proto { tcp, udp } th" : " " + rule.protocol()) + " dport " + rule.port();
    }

    /** nft, from /usr/sbin, /sbin or the PATH. */
    static Optional<Path> nft() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of("/usr/sbin", "/sbin"), Stream.of(path.split(":")))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nft")).filter(Files::isExecutable).findFirst();
    }
}
