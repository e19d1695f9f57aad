package dev.pier.analyze.lint;

import static dev.pier.analyze.lint.LintFixtures.lint;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Odd but parseable Dockerfiles do not break the rules. */
class HostileDockerfileTest {
    @Test
    void emptyCommentOnlyAndArgOnlyFilesGiveNoFindings() {
        assertThat(lint("").findings()).isEmpty();
        assertThat(lint("# just a comment\n").findings()).isEmpty();
        assertThat(lint("ARG A=1\n").findings()).isEmpty();
    }

    @Test
    void unbalancedQuotesLoopsOfStagesAndHugeScriptsAreHandled() {
        assertThat(LintFixtures.ids(lint("FROM alpine:3\nRUN echo \"unterminated && sudo x\nUSER 1\n"))).isEmpty();
        assertThat(LintFixtures.ids(lint("FROM a AS a\nFROM b AS b\nFROM a\n"))).contains("PL003@3");
        String big = "FROM alpine:3\nRUN " + "true && ".repeat(50_000) + "true\nUSER 1\n";
        assertThat(lint(big).findings()).isEmpty();
        assertThat(lint("FROM alpine:3\nRUN [\"sh\", \"-c\"]\nRUN []\nUSER 1\n").findings())
                .extracting(LintFinding::rule).containsOnly("PL002");
    }
}
