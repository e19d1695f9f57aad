package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier run --egress deny}, {@code --allow-egress} and the default-deny ingress of the
 * bridge network, through real containers: TCP servers on the host (reached through the bridge's
 * gateway 10.89.0.1, and through an address of a veth interface the test adds), busybox nc in
 * the container; the policy in {@code pier inspect}; and the flags' errors (root, CNI plugins,
 * nftables).
 */
@Timeout(300)
class NetworkPolicyCliTest {
    private static final String IMAGE = "cli/busybox:policy";
    private static final String GATEWAY = "10.89.0.1";
    private static final int PUBLISHED = 18098;

    @TempDir
    static Path tmp;

    static Path store;
    static final List<ServerSocket> SERVERS = new ArrayList<>();
    static String dummy;
    static String otherAddress;

    @BeforeAll
    static void setUp() throws Exception {
        CniPlugins.require();
        Peers.require("nft", "nftables");
        store = tmp.resolve("store");
        BusyboxImage.importInto(store, tmp, IMAGE, List.of("sh", "nc", "echo", "sleep", "true"));
        // another host address the container routes to through the gateway, made for this test
        SecureRandom random = new SecureRandom();
        dummy = "pierpv" + Integer.toHexString(random.nextInt(0x10000));
        otherAddress = "10.214." + random.nextInt(256) + "." + (1 + random.nextInt(250));
        Exec.of("ip", "link", "add", dummy, "type", "veth", "peer", "name", dummy + "p").check();
        Exec.of("ip", "addr", "add", otherAddress + "/32", "dev", dummy).check();
        Exec.of("ip", "link", "set", dummy, "up").check();
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (ServerSocket s : SERVERS) {
            s.close();
        }
        if (dummy != null) {
            Exec.of("ip", "link", "delete", dummy).run();
        }
    }

    @Test
    void anAllowListLetsOutOnlyItsDestination() throws Exception {
        int allowed = serve();
        int other = serve();
        String probes = probe(GATEWAY, allowed) + probe(GATEWAY, other) + probe(otherAddress, allowed);

        Exec.Result open = PierProcess.of(store, "run", "--rm", "--network", "bridge", IMAGE, "sh", "-c", probes).run();
        assertThat(open.stdout()).as("control: " + open.stderr()).isEqualTo("hello\nok\nhello\nok\nhello\nok\n");

        Exec.Result limited = PierProcess.of(store, "run", "--rm", "--allow-egress", GATEWAY + ":" + allowed + "/tcp", IMAGE,
                "sh", "-c", probes).run();
        assertThat(limited.exitCode()).as(limited.stderr()).isZero();
        assertThat(limited.stdout()).as("the allowed port; another port; the allowed port of another address")
                .isEqualTo("hello\nok\nfailed\nfailed\n");
        assertThat(limited.stderr()).contains("No route to host");
    }

    @Test
    void denyLetsNothingOut() throws Exception {
        int port = serve();
        Exec.Result denied = PierProcess.of(store, "run", "--rm", "--network", "bridge", "--egress", "deny", IMAGE,
                "sh", "-c", probe(GATEWAY, port) + probe(otherAddress, port)).run();
        assertThat(denied.exitCode()).as(denied.stderr()).isZero();
        assertThat(denied.stdout()).isEqualTo("failed\nfailed\n");
    }

    @Test
    void onlyPublishedPortsAreReachableAndInspectShowsThePolicy() throws Exception {
        String serve = "nc -ll -p 80 -e echo published & nc -ll -p 81 -e echo unpublished & exec sleep 300";
        var started = RegistryCliTest.pier("--root", store.toString(), "run", "-d", "--name", "guarded", "-p",
                "127.0.0.1:" + PUBLISHED + ":80", "--allow-egress", "192.0.2.0/24:443", "--allow-egress", "[2001:db8::/32]:53/udp",
                IMAGE, "sh", "-c", serve);
        assertThat(started.status()).as(started.err()).isZero();
        var openly = RegistryCliTest.pier("--root", store.toString(), "run", "-d", "--name", "open", "--network", "bridge",
                "--ingress", "allow", IMAGE, "sh", "-c", serve);
        assertThat(openly.status()).as(openly.err()).isZero();
        try {
            JsonNode record = inspect("guarded");
            assertThat(Json.mapper().writeValueAsString(record.path("networkPolicy"))).isEqualTo("{\"ingressRestricted\":true,"
                    + "\"ingressAllowed\":[\"80/tcp\"],\"egress\":{\"restricted\":true,\"allowed\":[\"192.0.2.0/24:443\",\"[2001:db8::/32]:53/udp\"]}}");
            assertThat(greeting("127.0.0.1", PUBLISHED)).isEqualTo("published\n");
            String address = address(record.path("pid").asInt());
            assertThat(greeting(address, 80)).isEqualTo("published\n");
            assertThat(greeting(address, 81)).as("a port that is not published").isEqualTo("refused");
            String openAddress = address(inspect("open").path("pid").asInt());
            assertThat(greeting(openAddress, 81)).as("control: --ingress allow").isEqualTo("unpublished\n");
        } finally {
            RegistryCliTest.pier("--root", store.toString(), "rm", "-f", "guarded", "open");
        }
    }

    @Test
    void badSettingsGetOneLine() {
        assertOneLine(List.of("--allow-egress", "notacidr"), "pier: --allow-egress notacidr: expected ADDRESS[/PREFIX][:PORT[/tcp|udp]]");
        assertOneLine(List.of("--network", "host", "--allow-dangerous", "--egress", "deny"),
                "pier: --egress and --allow-egress cannot be enforced with --network host");
        assertOneLine(List.of("--network", "none", "--allow-egress", "10.0.0.0/8"), "pier: --allow-egress 10.0.0.0/8: --network none has");
        assertOneLine(List.of("--egress", "deny", "--network", "bridge", "--cap-add", "NET_ADMIN"),
                "pier: refusing dangerous settings: --cap-add NET_ADMIN (the container can delete its own firewall");
        assertOneLine(List.of("--egress", "sometimes"), "pier: --egress sometimes: expected deny or allow");
    }

    private static void assertOneLine(List<String> flags, String start) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        args.addAll(flags);
        args.addAll(List.of(IMAGE, "true"));
        Exec.Result r = PierProcess.of(store, args.toArray(String[]::new)).run();
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr().strip()).startsWith(start).doesNotContain("\n");
    }

    /** A shell line that prints what {@code address:port} says and {@code ok}, or {@code failed}. */
    private static String probe(String address, int port) {
        return "if nc -w 5 " + address + " " + port + " </dev/null; then echo ok; else echo failed; fi; ";
    }

    /** A TCP server on every host address that greets each client; returns its port. */
    private static int serve() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(0));
        SERVERS.add(server);
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

    private static JsonNode inspect(String name) {
        var r = RegistryCliTest.pier("--root", store.toString(), "inspect", name);
        assertThat(r.status()).as(r.err()).isZero();
        return Json.tree(r.out().getBytes(StandardCharsets.UTF_8), "inspect").path("Container");
    }

    /** The container's address on the bridge, as its namespace has it. */
    private static String address(int pid) {
        String out = Exec.of("nsenter", "--net=/proc/" + pid + "/ns/net", "ip", "-4", "-o", "addr", "show", "eth0").check().stdout();
        return out.replaceFirst("(?s).*inet (10\\.89\\.0\\.\\d+)/.*", "$1");
    }

    /** What a server at {@code address:port} says, waiting for it to listen; {@code refused} when refused throughout. */
    private static String greeting(String address, int port) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 5000);
                s.setSoTimeout(5000);
                String said = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (!said.isEmpty()) {
                    return said;
                }
            } catch (IOException e) {
                // not listening yet, or refused
            }
            Thread.sleep(100);
        }
        return "refused";
    }
}
