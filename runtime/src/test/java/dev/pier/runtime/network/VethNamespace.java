package dev.pier.runtime.network;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A network namespace of a test's own, joined to the host by a veth pair on a /29 of 10.213.X.0:
 * the host side has {@link #hostAddress} and {@link #otherHostAddress}, the namespace's side
 * {@link #inside}. Closing it deletes the namespace and with it the pair.
 */
final class VethNamespace implements AutoCloseable {
    final String name;
    final String hostAddress;
    final String otherHostAddress;
    final String inside;

    /** The /29's first address. */
    final String network;

    private VethNamespace(String name, String firstThree, int base) {
        this.name = name;
        this.network = firstThree + "." + base;
        this.hostAddress = firstThree + "." + (base + 1);
        this.otherHostAddress = firstThree + "." + (base + 2);
        this.inside = firstThree + "." + (base + 6);
    }

    static VethNamespace create() {
        SecureRandom random = new SecureRandom();
        String id = Integer.toHexString(0x10000 + random.nextInt(0xf0000));
        VethNamespace ns = new VethNamespace("pier-nft-" + id, "10.213." + random.nextInt(256), 8 * random.nextInt(32));
        String host = "pnh" + id;
        String peer = "pnc" + id;
        ip("netns", "add", ns.name);
        try {
            ip("link", "add", host, "type", "veth", "peer", "name", peer);
            ip("link", "set", peer, "netns", ns.name);
            ip("addr", "add", ns.hostAddress + "/29", "dev", host);
            ip("addr", "add", ns.otherHostAddress + "/29", "dev", host);
            ip("link", "set", host, "up");
            ip("-n", ns.name, "addr", "add", ns.inside + "/29", "dev", peer);
            ip("-n", ns.name, "link", "set", peer, "up");
            ip("-n", ns.name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The namespace's file, for {@code nsenter --net=}. */
    Path path() {
        return Path.of("/run/netns", name);
    }

    /** Runs {@code command} in the namespace. */
    Exec.Result exec(String... command) {
        String[] all = new String[command.length + 3];
        all[0] = "netns";
        all[1] = "exec";
        all[2] = name;
        System.arraycopy(command, 0, all, 3, command.length);
        return Exec.of(Peers.require("ip", "iproute2").toString(), all).run();
    }

    private static void ip(String... args) {
        Exec.of(Peers.require("ip", "iproute2").toString(), args).check();
    }

    @Override
    public void close() {
        Exec.of(Peers.require("ip", "iproute2").toString(), "netns", "delete", name).run();
    }
}
