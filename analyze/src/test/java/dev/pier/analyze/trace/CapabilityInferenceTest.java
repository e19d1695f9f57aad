package dev.pier.analyze.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityInferenceTest {
    @TempDir
    Path root;

    @Test
    void succeededPrivilegedCallsAndDeniedModeBitsGiveCapabilities() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/shadow"), "root:*:1::::::\n");
        Files.setAttribute(root.resolve("etc/shadow"), "unix:mode", 0600);
        Files.writeString(root.resolve("etc/motd"), "hi\n");
        Files.setAttribute(root.resolve("etc/motd"), "unix:mode", 0644);
        int owner = (Integer) Files.getAttribute(root.resolve("etc/shadow"), "unix:uid");
        var otherUser = new CapabilityInference.User(owner + 1L, Set.of(4242L));
        List<Syscall> calls = TraceReader.parse(List.of(
                "1 execve(\"/bin/sh\", [\"sh\"], 0x1 /* 1 var */) = 0",
                "1 openat(AT_FDCWD</>, \"/etc/motd\", O_RDONLY) = 3</etc/motd>",
                "1 openat(AT_FDCWD</>, \"etc/shadow\", O_RDONLY|O_CLOEXEC) = 3</etc/shadow>",
                "1 bind(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0",
                "1 bind(4<TCP:[2]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0",
                "1 fchownat(AT_FDCWD</>, \"/tmp/x\", 1000, 1000, 0) = -1 EPERM (Operation not permitted)",
                "1 socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) = 5")).calls();

        var caps = CapabilityInference.infer(calls, new ImageTree(root), otherUser);
        assertThat(caps.keySet()).containsExactly("CAP_DAC_OVERRIDE", "CAP_NET_BIND_SERVICE");
        assertThat(caps.get("CAP_DAC_OVERRIDE")).contains("/etc/shadow").contains("600");

        var theOwner = new CapabilityInference.User(owner, Set.of());
        assertThat(CapabilityInference.infer(calls, new ImageTree(root), theOwner).keySet()).containsExactly("CAP_NET_BIND_SERVICE");
    }
}
