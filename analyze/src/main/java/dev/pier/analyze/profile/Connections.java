package dev.pier.analyze.profile;

import dev.pier.analyze.profile.BehaviourProfile.Connection;
import dev.pier.analyze.trace.StraceArgs;
import dev.pier.analyze.trace.Syscall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connections a traced program attempted: the peer addresses strace printed for
 * {@code connect}, {@code sendto}, {@code sendmsg} and {@code sendmmsg}, whatever the result (in a
 * container without a network every attempt fails, and the attempt is what a profile allows). The
 * protocol comes from the {@code socket} call that created the descriptor, in the same thread.
 */
final class Connections {
    private static final Set<String> SENDING = Set.of("connect", "sendto", "sendmsg", "sendmmsg");
    private static final Pattern FAMILY = Pattern.compile("sa_family=AF_(INET6|INET|UNIX)\\b");
    private static final Pattern INET = Pattern.compile("sin_addr=inet_addr\\(\"([0-9.]+)\"\\)");
    private static final Pattern INET6 = Pattern.compile("inet_pton\\(AF_INET6, \"([0-9a-fA-F:.]+)\"");
    private static final Pattern UNIX = Pattern.compile("sun_path=(@?)(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern FD = Pattern.compile("^(\\d+)");

    private Connections() {}

    /** The distinct connections in {@code calls}, sorted. */
    static List<Connection> of(List<Syscall> calls) {
        Map<String, String> protocols = new HashMap<>();
        Set<Connection> out = new TreeSet<>(java.util.Comparator.comparing(Connection::family).thenComparing(Connection::address)
                .thenComparingInt(Connection::port).thenComparing(Connection::protocol));
        for (Syscall c : calls) {
            if (c.name().equals("socket") && c.succeeded()) {
                protocols.put(c.pid() + ":" + c.result(), protocol(c.arg(0), c.arg(1)));
            } else if (SENDING.contains(c.name())) {
                String fd = fd(c.arg(0));
                peer(String.join(", ", c.args()), protocols.getOrDefault(c.pid() + ":" + fd, "")).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static String fd(String arg) {
        Matcher m = FD.matcher(arg);
        return m.find() ? m.group(1) : "";
    }

    private static String protocol(String family, String type) {
        boolean stream = type.contains("SOCK_STREAM");
        boolean dgram = type.contains("SOCK_DGRAM");
        if (family.equals("AF_UNIX")) {
            return stream ? "stream" : dgram ? "dgram" : "";
        }
        return stream ? "tcp" : dgram ? "udp" : "";
    }

    private static Optional<Connection> peer(String args, String protocol) {
        Matcher family = FAMILY.matcher(args);
        if (!family.find()) {
            return Optional.empty();
        }
        int p = StraceArgs.port(args);
        return switch (family.group(1)) {
            case "INET" -> find(INET, args).map(a -> new Connection("inet", a, p, protocol));
            case "INET6" -> find(INET6, args).map(a -> new Connection("inet6", a, p, protocol));
            default -> {
                Matcher m = UNIX.matcher(args);
                yield m.find() ? StraceArgs.decodeString(m.group(2)).map(s -> new Connection("unix", m.group(1) + s, 0, protocol))
                        : Optional.empty();
            }
        };
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
