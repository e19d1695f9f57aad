package dev.pier.runtime.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.runtime.RuntimeError;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void namesAndNumbers() {
        assertThat(Signals.parse("KILL")).isEqualTo(9);
        assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
        assertThat(Signals.parse("hup")).isEqualTo(1);
        assertThat(Signals.parse("10")).isEqualTo(10);
        assertThat(Signals.parse("RTMIN+2")).isEqualTo(36);
        assertThatThrownBy(() -> Signals.parse("NOPE")).isInstanceOf(RuntimeError.class).hasMessageContaining("NOPE");
    }

    @Test
    void capabilityNames() {
        assertThat(Capabilities.number("CAP_NET_RAW")).isEqualTo(13);
        assertThat(Capabilities.number("sys_admin")).isEqualTo(21);
        assertThat(Capabilities.mask(java.util.List.of("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE"))).isEqualTo(0x20000420L);
        assertThat(Capabilities.lastCap()).isGreaterThanOrEqualTo(36);
    }
}
