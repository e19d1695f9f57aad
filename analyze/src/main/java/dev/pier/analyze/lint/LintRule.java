package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import dev.pier.build.dockerfile.Location;
import java.util.List;

/**
 * One check of {@code pier lint}. Ids ({@code PL001}...) are stable: they appear in ignore
 * comments, configuration files and SARIF logs, so a rule keeps its id for good and a retired id
 * is never reused.
 */
public interface LintRule {
    /** The stable id: {@code PL003}. */
    String id();

    /** A short kebab-case name: {@code runs-as-root}. */
    String name();

    /** The severity unless the configuration says otherwise. */
    LintSeverity severity();

    /** What the rule finds, one sentence. */
    String description();

    /** What to do about it in general, one sentence (findings may say more). */
    String fix();

    /** The findings in {@code context}'s Dockerfile, with this rule's default severity. */
    List<LintFinding> check(LintContext context);

    /** A finding at {@code at} with the rule's general fix. */
    default LintFinding finding(Instruction at, String message) {
        return finding(at, message, fix());
    }

    /** A finding at {@code at}. */
    default LintFinding finding(Instruction at, String message, String fix) {
        Location l = at.location();
        return new LintFinding(id(), severity(), l.file(), l.line(), l.endLine(), message, fix);
    }
}
