package dev.pier.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressRuleTest {
    @Test
    void readsIpv4AndIpv6NetworksWithAndWithoutPorts() {
        assertThat(EgressRule.parse("10.0.0.0/8:443")).isEqualTo(new EgressRule("10.0.0.0/8", 443, ""));
        assertThat(EgressRule.parse("192.0.2.7")).isEqualTo(new EgressRule("192.0.2.7/32", 0, ""));
        assertThat(EgressRule.parse("198.51.100.1:53/udp")).isEqualTo(new EgressRule("198.51.100.1/32", 53, "udp"));
        assertThat(EgressRule.parse("[2001:db8::/32]:443/tcp")).isEqualTo(new EgressRule("2001:db8::/32", 443, "tcp"));
        assertThat(EgressRule.parse("fd00::/8")).isEqualTo(new EgressRule("fd00::/8", 0, ""));
        assertThat(EgressRule.parse("[::1]")).isEqualTo(new EgressRule("::1/128", 0, ""));
        assertThat(EgressRule.parse("2001:db8:0:1::5")).isEqualTo(new EgressRule("2001:db8:0:1::5/128", 0, ""));
    }

    @Test
    void clearsHostBitsAndSpellsTheRuleBack() {
        assertThat(EgressRule.parse("10.1.2.3/8:80").network()).isEqualTo("10.0.0.0/8");
        assertThat(EgressRule.parse("10.1.2.3/20").network()).isEqualTo("10.1.0.0/20");
        assertThat(EgressRule.parse("[2001:db8:ffff::1/33]:22").spelling()).isEqualTo("[2001:db8:8000::/33]:22");
        assertThat(EgressRule.parse("0.0.0.0/0").network()).isEqualTo("0.0.0.0/0");
        for (String s : List.of("10.0.0.0/8:443", "[2001:db8::/32]:443/tcp", "fd00::/8", "192.0.2.7/32:53/udp")) {
            assertThat(EgressRule.parse(EgressRule.parse(s).spelling()).spelling()).isEqualTo(EgressRule.parse(s).spelling());
        }
    }

    @Test
    void isJsonAsItsSpelling() {
        EgressPolicy policy = EgressPolicy.allowing(List.of("10.0.0.0/8:443", "[fd00::/8]:53/udp"));
        String json = new String(Json.write(policy));
        assertThat(json).isEqualTo("{\"restricted\":true,\"allowed\":[\"10.0.0.0/8:443\",\"[fd00::/8]:53/udp\"]}");
        assertThat(Json.read(json.getBytes(), EgressPolicy.class, "policy")).isEqualTo(policy);
    }

    @Test
    void badValuesGetOneLineNamingThem() {
        for (String bad : List.of("notacidr", "10.0.0.0/33", "10.0.0.0/8:0", "10.0.0.0/8:70000", "[fd00::/129]", "example.com:443",
                "10.0.0.0/8:443/icmp", "", "10.0.0.256", "1.2.3.4/8/udp")) {
            assertThatThrownBy(() -> EgressRule.parse(bad)).isInstanceOf(RuntimeError.class)
                    .hasMessageStartingWith("--allow-egress " + bad + ":").hasMessageNotContaining("\n");
        }
    }

    @Test
    void theFlagsMakeOnePolicy() {
        assertThat(EgressPolicy.of(null, List.of())).isEqualTo(EgressPolicy.OPEN);
        assertThat(EgressPolicy.of("deny", List.of())).isEqualTo(EgressPolicy.DENY);
        assertThat(EgressPolicy.of(null, List.of("10.0.0.1:80")).restricted()).isTrue();
        assertThat(EgressPolicy.of("deny", List.of("10.0.0.1:80", "10.0.0.1:80")).allowed()).hasSize(1);
        assertThatThrownBy(() -> EgressPolicy.of("allow", List.of("10.0.0.1:80"))).hasMessageContaining("--egress allow");
        assertThatThrownBy(() -> EgressPolicy.of("block", List.of())).hasMessage("--egress block: expected deny or allow");
    }
}
