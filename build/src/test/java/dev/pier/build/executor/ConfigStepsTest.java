package dev.pier.build.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.build.dockerfile.DockerfileParser;
import dev.pier.build.dockerfile.Instruction;
import org.junit.jupiter.api.Test;

class ConfigStepsTest {
    private static Instruction second(String text) {
        return DockerfileParser.parse("Dockerfile", text).instructions().get(1);
    }

    @Test
    void createdByIsTheInstructionOnOneLine() {
        assertThat(ConfigSteps.createdBy(second("FROM a\nENV a=1 \\\n  b=2\n"))).isEqualTo("ENV a=1 b=2");
        assertThat(ConfigSteps.createdBy(second("FROM a\nCOPY <<EOF /x\nbody\nEOF\n"))).isEqualTo("COPY <<EOF /x");
        assertThat(ConfigSteps.createdBy(second("FROM a\nONBUILD COPY . /src\n"))).isEqualTo("ONBUILD COPY . /src");
    }

    @Test
    void healthcheckDurations() {
        Instruction i = second("FROM a\nUSER x\n");
        assertThat(ConfigSteps.nanos(i, "1m30s")).isEqualTo(90_000_000_000L);
        assertThat(ConfigSteps.nanos(i, "500ms")).isEqualTo(500_000_000L);
        assertThatThrownBy(() -> ConfigSteps.nanos(i, "5 s")).hasMessage("Dockerfile:2: USER: invalid duration \"5 s\" (e.g. 30s, 1m30s)");
    }
}
