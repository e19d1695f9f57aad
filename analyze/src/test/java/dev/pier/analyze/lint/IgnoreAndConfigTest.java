package dev.pier.analyze.lint;

import static dev.pier.analyze.lint.LintFixtures.ids;
import static dev.pier.analyze.lint.LintFixtures.lint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inline ignore comments, .pier-lint.yaml, and the .dockerignore rule that needs a context. */
class IgnoreAndConfigTest {
    @TempDir
    Path tmp;

    @Test
    void inlineCommentsIgnoreTheRulesTheyNameOnTheInstructionBelow() {
        String df = """
                # pier-lint ignore=PL004
                FROM ubuntu
                # a comment in between still counts
                # pier-lint ignore=PL001, PL008
                RUN apt-get install --no-install-recommends curl
                RUN apt-get install -y --no-install-recommends curl
                USER 1
                """;
        assertThat(ids(lint(df))).containsExactly("PL001@6", "PL002@6");
    }

    @Test
    void configIgnoresRulesChangesSeveritiesAndThresholds() throws Exception {
        Path yaml = tmp.resolve(".pier-lint.yaml");
        Files.writeString(yaml, """
                ignore: [PL002]
                severity:
                  PL004: error
                  pl007: off
                thresholds:
                  context-size: 1KiB
                  consecutive-runs: 3
                """);
        LintConfig config = LintConfig.load(yaml, Linter.ruleIds());
        assertThat(config.ignore()).containsExactlyInAnyOrder("PL002", "PL007");
        assertThat(config.contextSizeBytes()).isEqualTo(1024);
        assertThat(config.consecutiveRuns()).isEqualTo(3);
        LintReport r = lint(LintFixtures.BAD, config, null);
        assertThat(ids(r)).doesNotContain("PL002@11", "PL007@4").contains("PL004@1");
        assertThat(r.findings().getFirst().severity()).isEqualTo(LintSeverity.ERROR);
    }

    @Test
    void configErrorsNameTheFileAndTheProblem() throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "ignore: [PL999]\n");
        assertThatThrownBy(() -> LintConfig.load(yaml, Linter.ruleIds())).isInstanceOf(PierException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("PL999");
        Files.writeString(yaml, "ignores: [PL001]\n");
        assertThatThrownBy(() -> LintConfig.load(yaml, Linter.ruleIds())).isInstanceOf(PierException.class)
                .hasMessageContaining("ignores");
        Files.writeString(yaml, "severity: {PL001: fatal}\n");
        assertThatThrownBy(() -> LintConfig.load(yaml, Linter.ruleIds())).hasMessageContaining("fatal");
        Files.writeString(yaml, "");
        assertThat(LintConfig.load(yaml, Linter.ruleIds())).isEqualTo(LintConfig.DEFAULT);
    }

    @Test
    void sizesAcceptBytesAndBinaryUnits() {
        assertThat(LintConfig.parseSize("10485760")).isEqualTo(10L << 20);
        assertThat(LintConfig.parseSize("10MiB")).isEqualTo(10L << 20);
        assertThat(LintConfig.parseSize("2 g")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> LintConfig.parseSize("lots")).isInstanceOf(PierException.class);
    }

    @Test
    void aLargeContextWithoutDockerignoreIsReportedAtTheFirstCopy() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.write(ctx.resolve("big.bin"), new byte[2048]);
        String df = "FROM alpine:3\nCOPY --from=other / /\nCOPY . /app\nUSER 1\n";
        LintConfig small = new LintConfig(java.util.Set.of(), java.util.Map.of(), 1024, 2);
        assertThat(ids(lint(df, small, ctx))).containsExactly("PL010@3");
        assertThat(ids(lint(df, LintConfig.DEFAULT, ctx))).isEmpty();
        assertThat(ids(lint(df, small, null))).isEmpty();
        Files.writeString(ctx.resolve(".dockerignore"), ".git\n");
        assertThat(ids(lint(df, small, ctx))).isEmpty();
    }

    @Test
    void aDockerfileSpecificIgnoreFileCountsToo() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx2"));
        Files.write(ctx.resolve("big.bin"), new byte[2048]);
        Path dockerfile = Files.writeString(ctx.resolve("app.Dockerfile"), "FROM alpine:3\nCOPY . /\nUSER 1\n");
        LintConfig small = new LintConfig(java.util.Set.of(), java.util.Map.of(), 1024, 2);
        assertThat(ids(Linter.lint(dockerfile, "app.Dockerfile", ctx, small))).containsExactly("PL010@2");
        Files.writeString(ctx.resolve("app.Dockerfile.dockerignore"), "*.bin\n");
        assertThat(ids(Linter.lint(dockerfile, "app.Dockerfile", ctx, small))).isEmpty();
    }
}
