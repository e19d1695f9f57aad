package dev.pier.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Spawn;
import dev.pier.runtime.sys.SysException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User-mode networking for a rootless container, as podman gives it by default: slirp4netns(1)
 * makes {@code tap0} in the container's network namespace ({@code --configure}: 10.0.2.100/24,
 * gateway {@value #GATEWAY}, DNS forwarder {@value #DNS}) and carries its traffic through
 * ordinary sockets of the user's own, so no privilege on the host is needed. The host's
 * loopback addresses are out of reach ({@code --disable-host-loopback}) unless
 * {@code allow_host_loopback=true}. Published ports are slirp4netns's host forwards, added
 * through its API socket. It runs while the container does: it exits when its exit descriptor
 * (a pipe this process holds) closes, so also when this process dies.
 */
public final class Slirp4netns implements AutoCloseable {
    /** The network's name, as {@code --network} takes it. */
    public static final String NAME = "slirp4netns";
    /** The host, as the container reaches it. */
    public static final String GATEWAY = "10.0.2.2";
    /** slirp4netns's DNS forwarder, to the host's name servers. */
    public static final String DNS = "10.0.2.3";
    static final String API_SOCKET = "slirp4netns.sock";
    private static final String LOG = "slirp4netns.log";
    private static final int MTU = 65520;

    private final int pid;
    private int exitFd;

    private Slirp4netns(int pid, int exitFd) {
        this.pid = pid;
        this.exitFd = exitFd;
    }

    /**
     * What {@code --network slirp4netns[:OPTION=VALUE,...]} asks for; the options are podman's
     * names.
     *
     * @param allowHostLoopback {@code allow_host_loopback=true}: the gateway reaches the host's 127.0.0.1
     */
    public record Options(boolean allowHostLoopback) {
        /** Parses a {@code --network} value that {@link #names} accepts; an unknown option is an error naming it. */
        public static Options parse(String network) {
            boolean loopback = false;
            String rest = network.equals(NAME) ? "" : network.substring(NAME.length() + 1);
            for (String option : rest.isEmpty() ? new String[0] : rest.split(",")) {
                switch (option) {
                    case "allow_host_loopback=true" -> loopback = true;
                    case "allow_host_loopback=false" -> loopback = false;
                    default -> throw new RuntimeError("unsupported --network " + NAME + " option " + option
                            + " (allow_host_loopback=true|false)");
                }
            }
            return new Options(loopback);
        }
    }

    /** What the container's monitor needs to connect it: the options and the ports to publish. */
    public record Setup(String network, List<PortMapping> ports) {
        public Setup {
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    /** Whether {@code network} names this network ({@code slirp4netns} or {@code slirp4netns:OPTIONS}). */
    public static boolean names(String network) {
        return network.equals(NAME) || network.startsWith(NAME + ":");
    }

    /**
     * Starts slirp4netns for the network namespace of process {@code pid}, its API socket and log
     * in {@code dir}, publishes {@code setup}'s ports and returns once the interface is up; a
     * failure is a {@link RuntimeError} with slirp4netns's own last line.
     */
    public static Slirp4netns start(long pid, Path dir, Setup setup) {
        Options options = Options.parse(setup.network());
        String exe = executable();
        List<String> argv = new ArrayList<>(List.of(exe, "--configure", "--mtu=" + MTU, "--enable-sandbox", "--enable-seccomp",
                "--exit-fd=3", "--ready-fd=4", "--api-socket", API_SOCKET));
        if (!options.allowHostLoopback()) {
            argv.add("--disable-host-loopback");
        }
        argv.addAll(List.of(String.valueOf(pid), "tap0"));
        int[] exit = Libc.pipe();
        int[] ready = Libc.pipe();
        int log = Libc.open(dir.resolve(LOG).toString(), 01 | 0100 | 01000 | 02000000, 0600);   // O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC
        int devNull = Libc.open("/dev/null", 02000000, 0);
        int child;
        try {
            child = Spawn.spawn(exe, argv, List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), List.of(new Spawn.Dup(devNull, 0),
                    new Spawn.Dup(log, 1), new Spawn.Dup(log, 2), new Spawn.Dup(exit[0], 3), new Spawn.Dup(ready[1], 4)), dir.toString());
        } catch (SysException e) {
            closeAll(exit[1], ready[0]);
            throw new RuntimeError("cannot start " + exe + ": " + e.getMessage(), e);
        } finally {
            closeAll(exit[0], ready[1], log, devNull);
        }
        Slirp4netns slirp = new Slirp4netns(child, exit[1]);
        try {
            byte[] ok = Libc.read(ready[0], 1);   // "1" once tap0 is configured; end of file if it exited
            if (ok.length == 0) {
                slirp.close();
                throw new RuntimeError("slirp4netns failed: " + lastLine(dir.resolve(LOG)));
            }
            for (PortMapping p : setup.ports()) {
                slirp.publish(dir, p);
            }
            return slirp;
        } catch (RuntimeException e) {
            slirp.close();
            throw e;
        } finally {
            closeAll(ready[0]);
        }
    }

    /** The host forward of one published port, through the API socket (its path can exceed sun_path: reached through the directory's descriptor). */
    private void publish(Path dir, PortMapping p) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("proto", p.protocol());
        args.put("host_addr", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp());
        args.put("host_port", p.hostPort());
        args.put("guest_port", p.containerPort());
        byte[] request = Json.write(Map.of("execute", "add_hostfwd", "arguments", args));
        int dirFd = Libc.open(dir.toString(), 010000000 | 0200000 | 02000000, 0);   // O_PATH|O_DIRECTORY|O_CLOEXEC
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of("/proc/self/fd/" + dirFd + "/" + API_SOCKET));
            ch.write(ByteBuffer.wrap(request));
            ch.shutdownOutput();
            byte[] reply = java.nio.channels.Channels.newInputStream(ch).readAllBytes();
            JsonNode answer = Json.tree(reply, "slirp4netns's reply");
            if (answer.has("error")) {
                throw new RuntimeError("cannot publish " + describe(p) + ": " + answer.path("error").path("desc").asText(answer.toString()));
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot publish " + describe(p) + " through slirp4netns: " + e.getMessage(), e);
        } finally {
            closeAll(dirFd);
        }
    }

    private static String describe(PortMapping p) {
        return (p.hostIp().isEmpty() ? "" : p.hostIp() + ":") + p.hostPort() + ":" + p.containerPort() + "/" + p.protocol();
    }

    /** Stops slirp4netns (closing its exit descriptor) and reaps it. */
    @Override
    public void close() {
        if (exitFd < 0) {
            return;
        }
        closeAll(exitFd);
        exitFd = -1;
        try {
            Libc.waitpid(pid, 0);
        } catch (SysException e) {
            // already reaped
        }
    }

    private static String executable() {
        String path = System.getenv("PATH");
        for (String d : (path == null || path.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, NAME);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        throw new RuntimeError("--network " + NAME + " needs slirp4netns, which is not installed (Debian: apt-get install slirp4netns)");
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            try {
                Libc.close(fd);
            } catch (SysException e) {
                // closed already
            }
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)" : lines.getLast();
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
