package dev.pier.analyze.scan;

import java.util.List;

/**
 * What {@code pier scan} found.
 *
 * @param image how the image was named
 * @param findings problems, most severe first
 * @param packages the software inventory of the final tree
 */
public record ScanReport(String image, List<Finding> findings, List<SoftwarePackage> packages) {
    public ScanReport {
        findings = List.copyOf(findings);
        packages = List.copyOf(packages);
    }

    /** Whether any finding is at least {@code threshold}. */
    public boolean hasAtLeast(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().compareTo(threshold) >= 0);
    }
}
