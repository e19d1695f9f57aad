package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.engine.CapabilitySets;
import dev.pier.runtime.engine.SeccompProfiles;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * keyctl, add_key and ptrace made as raw system calls (perl's {@code syscall}, perl copied from
     * the host with its libraries): in a default container (Docker's capabilities and Pier's
     * default seccomp profile) every one fails with EPERM; without a seccomp profile (the control,
     * showing the calls are really made) keyctl and add_key work and a process may trace its own
     * child, but a host process stays out of reach (ESRCH: the pid namespace has no such pid).
     * The same under runc.
     */
    @Test
    void keyctlAndPtraceOfHostProcessFail() {
        Path perl = Peers.require("perl", "perl-base");
        long hostPid = ProcessHandle.current().pid();   // a process outside the container, surely alive
        String script = "test -e /proc/" + hostPid + " && echo host-proc=visible || echo host-proc=absent; "
                + "sleep 100 & exec perl -e '"
                + "sub try { my ($name, $r) = @_; print \"$name=\", ($r < 0 ? \"errno\" . ($! + 0) : \"ok\"), \"\\n\"; } "
                + "try(\"keyctl\", syscall(250, 0, -3, 0, 0, 0)); "                      // KEYCTL_GET_KEYRING_ID, the session keyring
                + "my ($type, $desc, $payload) = (\"user\", \"pier\", \"x\"); "   // syscall() passes strings as writable buffers
                + "try(\"add_key\", syscall(248, $type, $desc, $payload, 1, -3)); "
                + "try(\"ptrace-child\", syscall(101, 16, $ARGV[0] + 0, 0, 0)); "        // PTRACE_ATTACH
                + "try(\"ptrace-host\", syscall(101, 16, $ARGV[1] + 0, 0, 0));' $! " + hostPid;
        String[] profiles = {"none", "default"};
        for (String profile : profiles) {
            Exec.Result[] r = new Exec.Result[2];
            for (int i = 0; i < 2; i++) {
                TestBundle b = TestBundle.create(tmp, script).withHostProgram(perl);
                if (profile.equals("default")) {
                    ObjectNode caps = (ObjectNode) b.config().get("process").get("capabilities");
                    for (String set : List.of("bounding", "effective", "permitted")) {
                        ArrayNode a = caps.putArray(set);
                        CapabilitySets.DOCKER_DEFAULT.forEach(a::add);
                    }
                    b.linux().set("seccomp", Json.tree(Json.write(SeccompProfiles.pierDefault(CapabilitySets.DOCKER_DEFAULT)), "seccomp"));
                }
                Path dir = b.write();
                Path root = tmp.resolve(profile + i);
                r[i] = (i == 0 ? Runtimes.runc(root, "run", "--bundle", dir.toString(), profile + i)
                        : Runtimes.pierRunc(root, "run", "--bundle", dir.toString(), profile + i)).run();
            }
            assertThat(r[1].exitCode()).as(r[1].describe()).isZero();
            assertThat(r[1].stdout()).as(profile).isEqualTo(r[0].stdout());
            if (profile.equals("none")) {
                assertThat(r[1].stdout().lines()).containsExactly("host-proc=absent", "keyctl=ok", "add_key=ok", "ptrace-child=ok",
                        "ptrace-host=errno3");
            } else {
                assertThat(r[1].stdout().lines()).containsExactly("host-proc=absent", "keyctl=errno1", "add_key=errno1",
                        "ptrace-child=errno1", "ptrace-host=errno1");
            }
        }
    }
}
