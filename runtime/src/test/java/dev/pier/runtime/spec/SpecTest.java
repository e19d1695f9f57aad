package dev.pier.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.DefaultSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpecTest {
    @Test
    void parsesTheSpecNamesIncludingUnsignedRlimits() {
        String json = """
                {"ociVersion":"1.0.2","process":{"args":["sh"],"cwd":"/","user":{"uid":1,"gid":2,"additionalGids":[3]},
                 "rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1024}]},
                 "root":{"path":"rootfs","readonly":true},
                 "linux":{"uidMappings":[{"containerID":0,"hostID":1000,"size":1}],"namespaces":[{"type":"pid"},{"type":"network","path":"/proc/1/ns/net"}],
                  "resources":{"memory":{"limit":33554432},"pids":{"limit":10}},"unknown":1}}
                """;
        Spec spec = Json.read(json.getBytes(StandardCharsets.UTF_8), Spec.class, "config.json");
        assertThat(spec.process().rlimits().getFirst().hard().longValue()).isEqualTo(-1L);
        assertThat(spec.process().user().additionalGids()).containsExactly(3L);
        assertThat(spec.root().isReadonly()).isTrue();
        assertThat(spec.linux().uidMappings().getFirst().hostID()).isEqualTo(1000);
        assertThat(spec.linux().namespace("network").orElseThrow().path()).isEqualTo("/proc/1/ns/net");
        assertThat(spec.linux().resources().memory().limit()).isEqualTo(33554432L);
        assertThat(spec.mounts()).isEmpty();
    }

    @Test
    void theDefaultSpecRoundTrips() {
        Spec spec = DefaultSpec.create(true, 1000, 1000);
        Spec again = Json.read(Json.write(spec), Spec.class, "config.json");
        assertThat(again).isEqualTo(spec);
        assertThat(new String(Json.write(spec), StandardCharsets.UTF_8)).contains("\"containerID\":0", "\"hostID\":1000");
    }
}
