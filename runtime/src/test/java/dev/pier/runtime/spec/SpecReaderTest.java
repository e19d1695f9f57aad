package dev.pier.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.runtime.container.DefaultSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
    /** Every field of the model, with values of each JSON type it takes. */
    private static final String FULL = """
            {"ociVersion":"1.2.0","hostname":"h","domainname":"d","annotations":{"a":"b"},"unknownField":[1,2],
             "process":{"terminal":true,"consoleSize":{"height":24,"width":80},
               "user":{"uid":1000,"gid":1001,"umask":18,"additionalGids":[5,6]},
               "args":["sh","-c","true"],"env":["PATH=/bin"],"cwd":"/tmp",
               "capabilities":{"bounding":["CAP_KILL"],"effective":["CAP_KILL"],"inheritable":[],"permitted":["CAP_KILL"],"ambient":["CAP_KILL"]},
               "rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1024}],
               "noNewPrivileges":true,"apparmorProfile":"p","oomScoreAdj":-500,"selinuxLabel":"l"},
             "root":{"path":"rootfs","readonly":true},
             "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid"]},{"destination":"/x","type":"bind","source":"/y"}],
             "hooks":{"prestart":[{"path":"/bin/a","args":["a"],"env":["E=1"],"timeout":5}],"createRuntime":[],"createContainer":[],
               "startContainer":[],"poststart":[{"path":"/bin/b"}],"poststop":[]},
             "linux":{"uidMappings":[{"containerID":0,"hostID":100000,"size":65536}],"gidMappings":[{"containerID":0,"hostID":100000,"size":65536}],
               "sysctl":{"net.ipv4.ip_forward":"1"},
               "resources":{"memory":{"limit":33554432,"reservation":1,"swap":2,"swappiness":3,"disableOOMKiller":false},
                 "cpu":{"shares":512,"quota":50000,"period":100000,"cpus":"0","mems":"0"},"pids":{"limit":64},"blockIO":{"weight":300},
                 "devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"c","major":1,"minor":3,"access":"rwm"}]},
               "cgroupsPath":"/pier/x","namespaces":[{"type":"pid"},{"type":"network","path":"/proc/1/ns/net"}],
               "devices":[{"type":"c","path":"/dev/fuse","major":10,"minor":229,"fileMode":438,"uid":0,"gid":0}],
               "seccomp":{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"architectures":["SCMP_ARCH_X86_64"],"flags":["SECCOMP_FILTER_FLAG_LOG"],
                 "syscalls":[{"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":4294967295,"valueTwo":0,"op":"SCMP_CMP_EQ"}]},
                   {"names":["keyctl"],"action":"SCMP_ACT_ERRNO","errnoRet":38}]},
               "rootfsPropagation":"rslave","maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"],"mountLabel":"m"}}
            """;

    @Test
    void readsWhatTheDataBindingReads() {
        byte[] bytes = FULL.getBytes(StandardCharsets.UTF_8);
        Spec spec = SpecReader.read(bytes, "config.json");
        assertThat(spec).isEqualTo(Json.read(bytes, Spec.class, "config.json"));
        assertThat(spec.process().rlimits().getFirst().hard()).hasToString("18446744073709551615");
        assertThat(spec.linux().seccomp().syscalls().getFirst().args().getFirst().value()).hasToString("4294967295");
        byte[] defaults = Json.write(DefaultSpec.create(true, 1000, 1000));
        assertThat(SpecReader.read(defaults, "config.json")).isEqualTo(Json.read(defaults, Spec.class, "config.json"));
    }

    @Test
    void theSameBytesReadAgainGiveTheSameSpecAndOtherBytesTheirOwn() {
        byte[] bytes = FULL.getBytes(StandardCharsets.UTF_8);
        Spec first = SpecReader.read(bytes, "config.json");
        assertThat(SpecReader.read(bytes.clone(), "state/config.json")).isSameAs(first);
        // the caller's array changed after the read: the reader compares with what it parsed, not with the array
        bytes[FULL.indexOf("\"hostname\":\"h\"") + 12] = 'g';
        assertThat(SpecReader.read(bytes, "config.json").hostname()).isEqualTo("g");
        assertThat(SpecReader.read(FULL.getBytes(StandardCharsets.UTF_8), "c")).isNotSameAs(first).isEqualTo(first);
        assertThatThrownBy(() -> first.annotations().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        assertThatThrownBy(() -> SpecReader.read("{\"process\":{\"args\":\"sh\"}}".getBytes(StandardCharsets.UTF_8), "config.json"))
                .isInstanceOf(PierException.class).hasMessage("config.json: malformed JSON: args must be an array");
        assertThatThrownBy(() -> SpecReader.read("{\"linux\":{\"resources\":{\"pids\":{\"limit\":\"many\"}}}}".getBytes(StandardCharsets.UTF_8), "c"))
                .isInstanceOf(PierException.class).hasMessage("c: malformed JSON: limit must be an integer");
        assertThatThrownBy(() -> SpecReader.read("[1]".getBytes(StandardCharsets.UTF_8), "c"))
                .isInstanceOf(PierException.class).hasMessage("c: malformed JSON: the document must be an object");
        assertThatThrownBy(() -> SpecReader.read("{\"process\": ".getBytes(StandardCharsets.UTF_8), "c"))
                .isInstanceOf(PierException.class).hasMessageStartingWith("c: malformed JSON");
    }
}
