package dev.pier.runtime.network;

import dev.pier.runtime.RuntimeError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published port, as {@code -p [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|/udp]} spells it
 * (docker's and podman's syntax; {@code -p CONTAINER_PORT} alone is not supported: the host port
 * is always given).
 *
 * @param hostIp the host address to listen on, empty for all
 * @param hostPort the host's port
 * @param containerPort the container's port
 * @param protocol {@code tcp} or {@code udp}
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    private static final Pattern SYNTAX =
            Pattern.compile("(?:(\\[[0-9a-fA-F:]+\\]|[0-9.]+):)?(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?");

    /** Parses one {@code -p} value; a bad one is a {@link RuntimeError} naming it. */
    public static PortMapping parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new RuntimeError("-p " + text + ": expected [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp]");
        }
        int host = port(m.group(2), text);
        int container = port(m.group(3), text);
        String ip = m.group(1) == null ? "" : m.group(1).replace("[", "").replace("]", "");
        return new PortMapping(ip, host, container, m.group(4) == null ? "tcp" : m.group(4));
    }

    private static int port(String digits, String text) {
        int p = Integer.parseInt(digits);
        if (p < 1 || p > 65535) {
            throw new RuntimeError("-p " + text + ": " + digits + " is not a port (1-65535)");
        }
        return p;
    }
}
