package dev.pier.image.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.spec.ContainerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangeTest {

    private static ContainerConfig apply(String... changes) {
        ContainerConfig c = ContainerConfig.EMPTY;
        for (String change : changes) {
            c = ConfigChange.parse(change).applyTo(c);
        }
        return c;
    }

    @Test
    void cmdAndEntrypointTakeJsonOrShellFormAsDockerDoes() {
        ContainerConfig c = apply("CMD [\"/bin/sh\", \"-c\", \"echo hi\"]", "entrypoint /init --quiet");
        assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c", "/init --quiet");
    }

    @Test
    void envReplacesAnEarlierValueOfTheSameNameAndKeepsOrder() {
        ContainerConfig c = apply("ENV A=1", "ENV B 2", "ENV A=\"3\"");
        assertThat(c.env()).containsExactly("A=3", "B=2");
    }

    @Test
    void otherInstructionsSetTheirFields() {
        ContainerConfig c = apply("WORKDIR /app", "USER 1000:1000", "LABEL org.x=y", "EXPOSE 8080", "EXPOSE 53/udp",
                "VOLUME /data", "STOPSIGNAL SIGTERM");
        assertThat(c.workingDir()).isEqualTo("/app");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.labels()).isEqualTo(Map.of("org.x", "y"));
        assertThat(c.exposedPorts()).containsOnlyKeys("8080/tcp", "53/udp");
        assertThat(c.volumes()).containsOnlyKeys("/data");
        assertThat(c.stopSignal()).isEqualTo("SIGTERM");
        assertThat(c.cmd()).isNull();
    }

    @Test
    void badChangesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> ConfigChange.parse("RUN rm -rf /")).isInstanceOf(PierException.class)
                .hasMessageContaining("supported are CMD");
        assertThatThrownBy(() -> ConfigChange.parse("CMD")).hasMessageContaining("needs an argument");
        assertThatThrownBy(() -> apply("CMD [\"unterminated\"")).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> apply("ENV novalue")).hasMessageContaining("KEY=VALUE");
    }
}
