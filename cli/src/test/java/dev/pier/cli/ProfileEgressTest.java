package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.analyze.profile.BehaviourProfile.Connection;
import dev.pier.runtime.network.EgressPolicy;
import dev.pier.runtime.network.EgressRule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a profile's recorded connections become the egress policy of a run under --profile. */
class ProfileEgressTest {
    private static ProfileFlags.Applied applied(Optional<List<String>> egress) {
        return new ProfileFlags.Applied(null, null, false, List.of(), Optional.empty(), egress);
    }

    @Test
    void recordedConnectionsAreTheAllowListOnTheBridge() {
        assertThat(ProfileFlags.allowEgress(new Connection("inet", "10.89.0.1", 8080, "tcp"))).isEqualTo("10.89.0.1:8080/tcp");
        assertThat(ProfileFlags.allowEgress(new Connection("inet6", "fd00::1", 53, "udp"))).isEqualTo("[fd00::1]:53/udp");
        assertThat(ProfileFlags.allowEgress(new Connection("inet", "192.0.2.7", 443, ""))).isEqualTo("192.0.2.7:443");
        EgressPolicy policy = applied(Optional.of(List.of("10.89.0.1:8080/tcp"))).egressPolicy("bridge", null, List.of("192.0.2.0/24:443"));
        assertThat(policy.restricted()).isTrue();
        assertThat(policy.allowed()).extracting(EgressRule::port).containsExactlyInAnyOrder(443, 8080);
    }

    @Test
    void aProfileWithoutConnectionsLetsNothingOutOnTheBridge() {
        EgressPolicy policy = applied(Optional.of(List.of())).egressPolicy("bridge", null, List.of());
        assertThat(policy.restricted()).isTrue();
        assertThat(policy.allowed()).isEmpty();
    }

    @Test
    void withoutAProfileOrOffTheBridgeTheUsersPolicyStands() {
        assertThat(applied(Optional.empty()).egressPolicy("bridge", null, List.of()).restricted()).isFalse();
        assertThat(applied(Optional.of(List.of("10.0.0.1:80/tcp"))).egressPolicy("none", null, List.of()).restricted()).isFalse();
    }
}
