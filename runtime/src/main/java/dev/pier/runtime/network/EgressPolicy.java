package dev.pier.runtime.network;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a container may send out of its network namespace. Open (the default: anything), or
 * restricted to an allow-list ({@code --egress deny} is the empty list). Under a restriction the
 * container still talks to itself (loopback) and answers connections it accepted; nothing else is
 * implied, not even DNS: a name server is reached only if the list allows it.
 *
 * <p>Made from the command line's {@code --allow-egress CIDR[:PORT]} values with
 * {@link #allowing(List)}; {@link NftRuleset} turns it into nftables rules.
 *
 * @param restricted whether anything not in {@code allowed} is refused
 * @param allowed the destinations allowed when restricted (empty when open)
 */
public record EgressPolicy(boolean restricted, List<EgressRule> allowed) {
    /** No restriction. */
    public static final EgressPolicy OPEN = new EgressPolicy(false, List.of());
    /** Nothing leaves the container but to itself and the answers to connections it accepted. */
    public static final EgressPolicy DENY = new EgressPolicy(true, List.of());

    public EgressPolicy {
        allowed = allowed == null ? List.of() : List.copyOf(new LinkedHashSet<>(allowed));
        if (!restricted && !allowed.isEmpty()) {
            throw new IllegalArgumentException("an open egress policy has no allow-list");
        }
    }

    /**
     * A restriction to {@code destinations}, each spelled {@code ADDRESS[/PREFIX][:PORT[/tcp|udp]]}
     * (see {@link EgressRule#parse}); an empty list denies everything.
     *
     * @throws dev.pier.runtime.RuntimeError naming the first value that is not a destination
     */
    public static EgressPolicy allowing(List<String> destinations) {
        return new EgressPolicy(true, destinations.stream().map(EgressRule::parse).toList());
    }

    /**
     * The policy of {@code pier run}'s flags: {@code --egress deny|allow} ({@code mode}, null for
     * neither) and the {@code --allow-egress} values. Any allowed destination restricts egress;
     * {@code --egress allow} with destinations is a contradiction.
     *
     * @throws dev.pier.runtime.RuntimeError for an unknown mode, a contradiction or a bad destination
     */
    public static EgressPolicy of(String mode, List<String> destinations) {
        String m = mode == null ? "" : mode.strip();
        return switch (m) {
            case "" -> destinations.isEmpty() ? OPEN : allowing(destinations);
            case "deny" -> allowing(destinations);
            case "allow" -> {
                if (!destinations.isEmpty()) {
                    throw new dev.pier.runtime.RuntimeError("--egress allow lets everything out: --allow-egress "
                            + destinations.getFirst() + " needs --egress deny or no --egress");
                }
                yield OPEN;
            }
            default -> throw new dev.pier.runtime.RuntimeError("--egress " + mode + ": expected deny or allow");
        };
    }
}
