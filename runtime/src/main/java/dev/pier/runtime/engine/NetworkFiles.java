package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.network.Slirp4netns;
import dev.pier.runtime.spec.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} of a container, written
 * under its directory and bind-mounted over the image's. With the host's network they are copies
 * of the host's files; with {@code none}, hosts names localhost and the container, and
 * resolv.conf has no nameserver; with {@code slirp4netns}, its DNS forwarder is the name server.
 */
public final class NetworkFiles {
    private NetworkFiles() {}

    /** Writes the files into {@code containerDir} and returns their mounts. */
    public static List<Mount> write(Path containerDir, String network, String hostname) {
        try {
            Path hosts = containerDir.resolve("hosts");
            Path resolv = containerDir.resolve("resolv.conf");
            Path name = containerDir.resolve("hostname");
            String localhost = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
            if (network.equals("host")) {
                Files.writeString(hosts, read(Path.of("/etc/hosts"), localhost));
                Files.writeString(resolv, read(Path.of("/etc/resolv.conf"), ""));
            } else {
                Files.writeString(hosts, localhost + "127.0.1.1\t" + hostname + "\n");
                // the bridge network reaches the host's name servers through NAT, slirp4netns through its forwarder; none has none
                Files.writeString(resolv, network.equals("bridge") ? read(Path.of("/etc/resolv.conf"), "")
                        : Slirp4netns.names(network) ? "nameserver " + Slirp4netns.DNS + "\n"
                        : "# --network none: no name servers\n");
            }
            Files.writeString(name, hostname + "\n");
            return List.of(MountSpecs.file("/etc/hosts", hosts, false), MountSpecs.file("/etc/resolv.conf", resolv, false),
                    MountSpecs.file("/etc/hostname", name, false));
        } catch (IOException e) {
            throw new RuntimeError("cannot write the network files of " + containerDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Brings the loopback interface up in the network namespace of process {@code pid} (as
     * Docker does for {@code --network none}); where the namespace cannot be joined, lo stays down.
     */
    public static void loopbackUp(int pid) {
        try {
            dev.pier.runtime.sys.Loopback.up("/proc/" + pid + "/ns/net");
        } catch (dev.pier.runtime.sys.SysException e) {
            // not allowed to join it (an unusual rootless setup): lo stays down, as it starts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file, String otherwise) throws IOException {
        return Files.isReadable(file) ? Files.readString(file) : otherwise;
    }
}
