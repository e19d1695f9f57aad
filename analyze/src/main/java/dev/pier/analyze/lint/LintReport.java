package dev.pier.analyze.lint;

import java.util.List;

/**
 * What {@code pier lint} found in one Dockerfile.
 *
 * @param file the Dockerfile's name as given
 * @param findings the findings by line, then rule id
 */
public record LintReport(String file, List<LintFinding> findings) {
    public LintReport {
        findings = List.copyOf(findings);
    }

    /** Whether any finding is at least {@code threshold}. */
    public boolean hasAtLeast(LintSeverity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }
}
