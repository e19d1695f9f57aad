package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seccomp profile with argument rules, and escape attempts that must fail as they fail under runc. */
class SecurityTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    static void profile(TestBundle b) {
        ObjectNode seccomp = b.linux().putObject("seccomp");
        seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        ArrayNode rules = seccomp.putArray("syscalls");
        ObjectNode deny = rules.addObject();
        deny.putArray("names").add("unshare").add("setns").add("keyctl").add("add_key").add("request_key").add("ptrace").add("mount");
        deny.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
        ObjectNode inet6 = rules.addObject();   // socket(AF_INET6, ...) refused with EAFNOSUPPORT
        inet6.putArray("names").add("socket");
        inet6.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 97);
        inet6.putArray("args").addObject().put("index", 0).put("value", 10).put("op", "SCMP_CMP_EQ");
    }

    @Test
    void escapeAttemptsFailAsUnderRunc() {
        String script = String.join("\n",
                "grep -E '^(Seccomp|NoNewPrivs)' /proc/self/status",
                "unshare -U true 2>/dev/null && echo unshare=ok || echo unshare=denied",
                "mount -t tmpfs none /tmp 2>/dev/null && echo mount=ok || echo mount=denied",
                "(echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null && echo procsys=ok || echo procsys=denied",
                "(echo 1 > /sys/kernel/mm/ksm/run) 2>/dev/null && echo sysfs=ok || echo sysfs=denied",
                "ping -c1 -W1 127.0.0.1 2>&1 | tail -1",
                "ping6 -c1 -W1 ::1 2>&1 | tail -1",
                "mknod /tmp/sda b 8 0 2>/dev/null && echo mknod=ok || echo mknod=denied",
                "set -- /proc/[0-9]*; echo visible-pids=$#");
        Exec.Result[] r = new Exec.Result[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, script);
            profile(b);
            Path dir = b.write();
            Path root = tmp.resolve("root" + i);
            r[i] = (i == 0 ? Runtimes.runc(root, "run", "--bundle", dir.toString(), "sec" + i)
                    : Runtimes.pierRunc(root, "run", "--bundle", dir.toString(), "sec" + i)).run();
        }
        assertThat(r[1].exitCode()).as(r[1].describe()).isZero();
        assertThat(r[1].stdout()).isEqualTo(r[0].stdout())
                .contains("Seccomp:\t2", "unshare=denied", "mount=denied", "procsys=denied", "sysfs=denied", "ping: permission denied",
                        "ping6: can't create raw socket: Address family not supported", "mknod=denied", "visible-pids=1");
    }
}
