package dev.pier.analyze.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.analyze.profile.BehaviourProfile.Connection;
import dev.pier.analyze.trace.Syscall;
import dev.pier.analyze.trace.TraceReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as strace 6.1 wrote them for busybox nc and nslookup and a Python unix client. */
class ConnectionsTest {
    private static List<Syscall> calls(String... lines) {
        List<String> all = new java.util.ArrayList<>(List.of("7 execve(\"/bin/sh\", [\"sh\"], 0x7ffc /* 1 var */) = 0"));
        all.addAll(List.of(lines));
        return TraceReader.parse(all).calls();
    }

    @Test
    void inetInet6AndUnixPeersWithTheProtocolOfTheirSocket() {
        List<Connection> found = Connections.of(calls(
                "7 socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 3<socket:[3392312]>",
                "7 connect(3<socket:[3392312]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
                        + "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)",
                "8 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 4<socket:[99]>",
                "8 sendto(4<socket:[99]>, \"\\x12\\x34\", 2, 0, {sa_family=AF_INET, sin_port=htons(53), "
                        + "sin_addr=inet_addr(\"10.0.0.53\")}, 16) = -1 ENETUNREACH (Network is unreachable)",
                "9 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3<socket:[3391275]>",
                "9 connect(3<socket:[3391275]>, {sa_family=AF_UNIX, sun_path=\"/run/x.sock\"}, 21) = -1 ENOENT (No such file or directory)",
                "9 connect(5, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0",
                "9 sendto(3<socket:[3391275]>, \"x\", 1, MSG_NOSIGNAL, NULL, 0) = 1"));
        assertThat(found).containsExactly(
                new Connection("inet", "10.0.0.53", 53, "udp"),
                new Connection("inet", "192.0.2.1", 80, ""),
                new Connection("inet6", "::1", 443, "tcp"),
                new Connection("unix", "/run/x.sock", 0, "stream"));
    }

    @Test
    void repeatedAttemptsAreOneConnection() {
        String connect = "7 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"10.1.2.3\")}, 16) = -1 ENETUNREACH (x)";
        assertThat(Connections.of(calls("7 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3", connect, connect))).hasSize(1);
    }
}
