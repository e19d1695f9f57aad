package dev.pier.runtime.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.pier.runtime.RuntimeError;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One destination a container may reach under an egress allow-list: an IPv4 or IPv6 network and,
 * optionally, a port and a protocol. Spelled {@code ADDRESS[/PREFIX][:PORT[/tcp|/udp]]}, with an
 * IPv6 address in brackets when a port follows: {@code 10.0.0.0/8:443}, {@code 192.0.2.7},
 * {@code 198.51.100.1:53/udp}, {@code [2001:db8::/32]:443/tcp}, {@code fd00::/8}.
 *
 * @param network the network in CIDR notation, host bits cleared ({@code 10.0.0.0/8}, {@code 192.0.2.7/32})
 * @param port the destination port, 0 for every port and protocol
 * @param protocol {@code tcp}, {@code udp}, or empty for both (always empty when {@code port} is 0)
 */
public record EgressRule(String network, int port, String protocol) {
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\](?::(\\d{1,5})(?:/(tcp|udp))?)?");
    private static final Pattern PLAIN = Pattern.compile("([0-9.]+(?:/\\d{1,3})?)(?::(\\d{1,5})(?:/(tcp|udp))?)?");
    private static final Pattern BARE_IPV6 = Pattern.compile("([0-9a-fA-F:.]+(?:/\\d{1,3})?)()()");
    private static final String SYNTAX = "expected ADDRESS[/PREFIX][:PORT[/tcp|udp]], e.g. 10.0.0.0/8:443 or [2001:db8::/32]:443";

    public EgressRule {
        protocol = protocol == null ? "" : protocol;
    }

    /**
     * Parses one {@code --allow-egress} value.
     *
     * @throws RuntimeError naming the value and what is wrong with it
     */
    @JsonCreator
    public static EgressRule parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = BRACKETED.matcher(t);
        if (!m.matches()) {
            m = t.indexOf(':') == t.lastIndexOf(':') ? PLAIN.matcher(t) : BARE_IPV6.matcher(t);
            if (!m.matches()) {
                throw new RuntimeError("--allow-egress " + text + ": " + SYNTAX);
            }
        }
        String network = network(m.group(1), text);
        int port = 0;
        if (m.group(2) != null && !m.group(2).isEmpty()) {
            port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new RuntimeError("--allow-egress " + text + ": " + m.group(2) + " is not a port (1-65535)");
            }
        }
        return new EgressRule(network, port, m.group(3) == null ? "" : m.group(3));
    }

    /** Whether the network is an IPv6 one. */
    public boolean ipv6() {
        return network.contains(":");
    }

    /** The rule as {@link #parse} reads it: {@code 10.0.0.0/8:443/tcp}, {@code [fd00::/8]:53}. */
    @JsonValue
    public String spelling() {
        if (port == 0) {
            return network;
        }
        String address = ipv6() ? "[" + network + "]" : network;
        return address + ":" + port + (protocol.isEmpty() ? "" : "/" + protocol);
    }

    @Override
    public String toString() {
        return spelling();
    }

    /** {@code address[/prefix]} as a network with its host bits cleared; a literal address only (no name lookup). */
    private static String network(String text, String whole) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed;
        try {
            parsed = InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new RuntimeError("--allow-egress " + whole + ": " + address + " is not an IP address; " + SYNTAX);
        }
        byte[] bytes = parsed.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            prefix = Integer.parseInt(text.substring(slash + 1));
            if (prefix > bits) {
                throw new RuntimeError("--allow-egress " + whole + ": /" + prefix + " is longer than the " + bits + " bits of "
                        + (parsed instanceof Inet4Address ? "an IPv4" : "an IPv6") + " address");
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            bytes[i] &= (byte) (0xff00 >> keep);
        }
        try {
            return compressed(InetAddress.getByAddress(bytes).getHostAddress()) + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);   // 4 or 16 bytes always make an address
        }
    }

    /** An IPv6 address with its longest run of zero groups written {@code ::} (RFC 5952); IPv4 as it is. */
    private static String compressed(String address) {
        if (!address.contains(":")) {
            return address;
        }
        Matcher zeros = Pattern.compile("(?:^|:)0(?::0)+(?::|$)").matcher(address);
        String longest = "";
        int at = -1;
        while (zeros.find()) {
            if (zeros.group().length() > longest.length()) {
                longest = zeros.group();
                at = zeros.start();
            }
        }
        return at < 0 ? address : address.substring(0, at) + "::" + address.substring(at + longest.length());
    }
}
