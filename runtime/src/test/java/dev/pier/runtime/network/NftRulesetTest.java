package dev.pier.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of {@link NftRuleset} in a real network namespace that the test creates, joined to
 * the host by a veth pair: TCP servers on the host's side, busybox nc inside (and the reverse for
 * ingress). Each restriction is checked against its control: the same connection succeeds
 * without the rules.
 */
@Timeout(120)
class NftRulesetTest {
    private VethNamespace ns;
    private final List<ServerSocket> servers = new ArrayList<>();
    private String busybox;

    @BeforeAll
    static void peers() {
        Peers.requireRoot();
        Peers.require("nft", "nftables");
        Peers.require("nsenter", "util-linux");
        Peers.require("busybox", "busybox-static");
    }

    @BeforeEach
    void namespace() {
        ns = VethNamespace.create();
        busybox = Peers.require("busybox", "busybox-static").toString();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void anAllowListLetsOutOnlyItsAddressAndPort() throws Exception {
        int allowed = serve(ns.hostAddress);
        int otherPort = serve(ns.hostAddress);
        int otherAddress = serve(ns.otherHostAddress);
        assertThat(connectFromInside(ns.hostAddress, otherPort)).as("control: reachable without rules").isTrue();
        assertThat(connectFromInside(ns.otherHostAddress, otherAddress)).as("control").isTrue();

        NftRuleset.apply(ns.path(), policy(true, EgressPolicy.allowing(List.of(ns.hostAddress + ":" + allowed + "/tcp"))));

        assertThat(connectFromInside(ns.hostAddress, allowed)).isTrue();
        assertThat(connectFromInside(ns.hostAddress, otherPort)).as("another port of the allowed address").isFalse();
        assertThat(connectFromInside(ns.otherHostAddress, otherAddress)).as("another address").isFalse();
        assertThat(ns.exec("nft", "list", "table", "inet", NftRuleset.TABLE).check().stdout())
                .contains("policy drop").contains("tcp dport " + allowed + " accept");
    }

    @Test
    void aNetworkWithoutPortAllowsEveryPortAndDenyAllowsNothing() throws Exception {
        int one = serve(ns.hostAddress);
        int two = serve(ns.hostAddress);
        int other = serve(ns.otherHostAddress);
        NftRuleset.apply(ns.path(), policy(false, EgressPolicy.allowing(List.of(ns.network + "/31"))));
        assertThat(connectFromInside(ns.hostAddress, one)).isTrue();
        assertThat(connectFromInside(ns.hostAddress, two)).isTrue();
        assertThat(connectFromInside(ns.otherHostAddress, other)).as(".2 is outside .0/31").isFalse();

        ns.exec("nft", "delete", "table", "inet", NftRuleset.TABLE).check();
        NftRuleset.apply(ns.path(), policy(false, EgressPolicy.DENY));
        assertThat(connectFromInside(ns.hostAddress, one)).isFalse();
        assertThat(connectFromInside(ns.otherHostAddress, other)).isFalse();
        assertThat(ns.exec(busybox, "ping", "-c", "1", "-W", "2", ns.hostAddress).exitCode()).as("ping").isNotZero();
        assertThat(ns.exec(busybox, "ping", "-c", "1", "-W", "2", "127.0.0.1").exitCode()).as("loopback stays open").isZero();
    }

    @Test
    void ingressIsRefusedExceptToTheOpenPorts() throws Exception {
        List<Process> listeners = List.of(listenInside(18181), listenInside(18182));
        try {
            awaitListening(18181);
            awaitListening(18182);
            assertThat(connectFromHost(18182)).as("control: reachable without rules").isTrue();
            NftRuleset.apply(ns.path(), new NetworkPolicy(true, List.of(NetworkPolicy.Port.parse("18181/tcp")), EgressPolicy.OPEN));
            assertThat(connectFromHost(18181)).isTrue();
            assertThat(connectFromHost(18182)).as("a port that is not open").isFalse();
            assertThat(connectFromInside(ns.hostAddress, serve(ns.hostAddress))).as("egress stays open").isTrue();
        } finally {
            listeners.forEach(Process::destroy);
        }
    }

    @Test
    void aProcessWithoutCapNetAdminCannotRemoveTheRules() {
        NftRuleset.apply(ns.path(), policy(true, EgressPolicy.DENY));
        Exec.Result flush = ns.exec("setpriv", "--bounding-set", "-net_admin", "--inh-caps", "-all",
                Peers.require("nft", "nftables").toString(), "flush", "ruleset");
        assertThat(flush.exitCode()).as(flush.describe()).isNotZero();
        assertThat(flush.stderr()).contains("Operation not permitted");
        assertThat(ns.exec("nft", "list", "table", "inet", NftRuleset.TABLE).check().stdout()).contains("policy drop");
    }

    @Test
    void aPolicyThatRestrictsNothingInstallsNothing() {
        NftRuleset.apply(ns.path(), policy(false, EgressPolicy.OPEN));
        assertThat(ns.exec("nft", "list", "ruleset").check().stdout()).doesNotContain("table");
        assertThat(NftRuleset.text(policy(false, EgressPolicy.OPEN))).isEmpty();
    }

    private static NetworkPolicy policy(boolean ingress, EgressPolicy egress) {
        return new NetworkPolicy(ingress, List.of(), egress);
    }

    /** A TCP server on {@code address} that greets each client; returns its port. */
    private int serve(String address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 0));
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        return server.getLocalPort();
    }

    /** Whether a client in the namespace connects to {@code address:port} and reads the greeting. */
    private boolean connectFromInside(String address, int port) {
        Exec.Result r = ns.exec(busybox, "nc", "-w", "5", address, String.valueOf(port));
        return r.exitCode() == 0 && r.stdout().equals("hello\n");
    }

    private Process listenInside(int port) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", ns.name, busybox, "nc", "-ll", "-p", String.valueOf(port), "-e", "echo", "inside")
                .redirectErrorStream(true).start();
    }

    private void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 100 && !ns.exec(busybox, "netstat", "-ltn").stdout().contains(":" + port + " "); i++) {
            Thread.sleep(50);
        }
    }

    /** Whether a client on the host connects to the namespace's {@code port} and reads its greeting. */
    private boolean connectFromHost(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.ofLiteral(ns.inside), port), 5000);
            s.setSoTimeout(5000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).equals("inside\n");
        } catch (IOException e) {
            return false;
        }
    }
}
