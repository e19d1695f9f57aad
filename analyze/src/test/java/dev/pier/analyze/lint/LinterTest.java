package dev.pier.analyze.lint;

import static dev.pier.analyze.lint.LintFixtures.ids;
import static dev.pier.analyze.lint.LintFixtures.lint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every rule on a Dockerfile full of problems, none on a careful one. */
class LinterTest {
    @Test
    void aDockerfileWithEveryProblemGetsEveryRuleAtItsLine() {
        LintReport r = lint(LintFixtures.BAD);
        assertThat(ids(r)).containsExactlyInAnyOrderElementsOf(LintFixtures.BAD_FINDINGS);
        assertThat(r.findings()).isSortedAccordingTo(java.util.Comparator.comparingInt(LintFinding::line));
        assertThat(r.hasAtLeast(LintSeverity.ERROR)).isTrue();
    }

    @Test
    void everyRuleHasAStableUniqueIdAndMetadata() {
        Set<String> ids = Linter.rules().stream().map(LintRule::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(Linter.rules().size()).allMatch(id -> id.matches("PL\\d{3}"));
        assertThat(Linter.rules()).allSatisfy(rule -> {
            assertThat(rule.name()).matches("[a-z0-9-]+");
            assertThat(rule.description()).isNotBlank();
            assertThat(rule.fix()).isNotBlank();
        });
        assertThat(Linter.ruleIds()).startsWith("PL001", "PL002", "PL003");
    }

    @Test
    void aCleanMultiStageDockerfileGetsNoFindings() {
        assertThat(lint(LintFixtures.CLEAN).findings()).isEmpty();
    }

    @Test
    void secretValuesNeverAppearInMessages() {
        LintReport r = lint(LintFixtures.BAD);
        assertThat(r.findings()).noneMatch(f -> f.message().contains("hunter2") || f.message().contains("ghp_"));
        assertThat(r.findings()).filteredOn(f -> f.rule().equals("PL006")).first()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(LintSeverity.ERROR));
    }

    @Test
    void textOutputHasFileLineIdSeverityMessageAndFix() {
        String text = LintText.render(lint("FROM alpine:3.20\nRUN apk add curl\nUSER app\n"));
        assertThat(text).isEqualTo("Dockerfile:2 PL001 warning: apk add without --no-cache: the APK index stays"
                + " in the layer (fix: use apk add --no-cache)\n");
    }

    @Test
    void jsonOutputUsesLowerCaseSeverities() {
        String json = dev.pier.image.spec.Json.pretty(lint("FROM alpine\nUSER 1000\n"));
        assertThat(json).contains("\"rule\" : \"PL004\"", "\"severity\" : \"warning\"", "\"line\" : 1", "\"fix\"");
    }
}
