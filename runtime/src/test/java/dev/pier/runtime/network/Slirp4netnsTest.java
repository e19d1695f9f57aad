package dev.pier.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * slirp4netns for a network namespace the test makes ({@code unshare --net sleep}): the options of
 * {@code --network slirp4netns:...}, tap0 configured, a published port listening on the host's
 * 127.0.0.1 while it runs and gone after {@link Slirp4netns#close}, and slirp4netns's own refusal
 * of a port taken twice.
 */
class Slirp4netnsTest {
    @TempDir
    Path tmp;

    @Test
    void readsPodmansOptions() {
        assertThat(Slirp4netns.names("slirp4netns")).isTrue();
        assertThat(Slirp4netns.names("slirp4netns:allow_host_loopback=true")).isTrue();
        assertThat(Slirp4netns.names("slirp4netnsx")).isFalse();
        assertThat(Slirp4netns.Options.parse("slirp4netns").allowHostLoopback()).isFalse();
        assertThat(Slirp4netns.Options.parse("slirp4netns:allow_host_loopback=true").allowHostLoopback()).isTrue();
        assertThatThrownBy(() -> Slirp4netns.Options.parse("slirp4netns:port_handler=rootlesskit")).isInstanceOf(RuntimeError.class)
                .hasMessage("unsupported --network slirp4netns option port_handler=rootlesskit (allow_host_loopback=true|false)");
    }

    @Test
    void configuresTap0AndPublishesPortsWhileItRuns() throws Exception {
        Peers.requireRoot();
        Peers.require("slirp4netns", "slirp4netns");
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "300").start();
        try {
            int port = freePort();
            PortMapping published = new PortMapping("127.0.0.1", port, 80, "tcp");
            try (Slirp4netns slirp = Slirp4netns.start(holder.pid(), tmp, new Slirp4netns.Setup(Slirp4netns.NAME, List.of(published)))) {
                Exec.Result addr = Exec.of("nsenter", "--net=/proc/" + holder.pid() + "/ns/net", "ip", "-br", "addr", "show", "tap0").check();
                assertThat(addr.stdout()).contains("10.0.2.100/24");
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertThat(s.isConnected()).as("slirp4netns listens on the published port").isTrue();
                }
                Process second = new ProcessBuilder("unshare", "--net", "sleep", "300").start();
                try {
                    assertThatThrownBy(() -> Slirp4netns.start(second.pid(), java.nio.file.Files.createDirectories(tmp.resolve("second")), new Slirp4netns.Setup(Slirp4netns.NAME,
                            List.of(published)))).isInstanceOf(RuntimeError.class)
                            .hasMessageStartingWith("cannot publish 127.0.0.1:" + port + ":80/tcp");
                } finally {
                    second.destroyForcibly();
                }
            }
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .as("stopped with its exit descriptor: the port is closed").isInstanceOf(ConnectException.class);
        } finally {
            holder.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
