package dev.pier.analyze.lint;

import dev.pier.analyze.sarif.SarifLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LintReport} as a SARIF 2.1.0 log: every rule's metadata, and one result per finding
 * with its region in the Dockerfile.
 */
public final class LintSarif {
    private LintSarif() {}

    /** The SARIF document as a JSON-ready map; {@code version} is Pier's. */
    public static Map<String, Object> of(LintReport report, String version) {
        List<Object> rules = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (LintRule r : Linter.rules()) {
            index.put(r.id(), rules.size());
            rules.add(SarifLog.rule(r.id(), r.name(), r.description(), r.fix(), r.severity().sarifLevel()));
        }
        List<Object> results = new ArrayList<>();
        for (LintFinding f : report.findings()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.rule());
            if (index.containsKey(f.rule())) {
                result.put("ruleIndex", index.get(f.rule()));
            }
            result.put("level", f.severity().sarifLevel());
            result.put("message", Map.of("text", f.message() + " (fix: " + f.fix() + ")"));
            result.put("locations", List.of(Map.of("physicalLocation",
                    SarifLog.physicalLocation(f.file(), f.line(), f.endLine()))));
            result.put("properties", Map.of("severity", f.severity().label(), "fix", f.fix()));
            results.add(result);
        }
        return SarifLog.of("pier-lint", version, rules, results);
    }
}
