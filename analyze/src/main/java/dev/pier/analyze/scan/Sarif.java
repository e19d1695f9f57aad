package dev.pier.analyze.scan;

import dev.pier.analyze.sarif.SarifLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ScanReport} as a SARIF 2.1.0 log: one run, the rules, one result per finding. */
public final class Sarif {
    public static final String SCHEMA = SarifLog.SCHEMA;

    private Sarif() {}

    /** The SARIF document as a JSON-ready map. */
    public static Map<String, Object> of(ScanReport report, String version) {
        List<Object> rules = new ArrayList<>();
        for (Rule r : Rule.values()) {
            rules.add(SarifLog.rule(r.id(), null, r.description(), null, null));
        }
        List<Object> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.rule().id());
            result.put("ruleIndex", f.rule().ordinal());
            result.put("level", f.severity().sarifLevel());
            result.put("message", Map.of("text", f.message()));
            String uri = f.path() == null ? "image-config.json" : f.path().substring(1);
            Map<String, Object> location = new LinkedHashMap<>();
            location.put("physicalLocation", SarifLog.physicalLocation(uri, 0, 0));
            if (f.layerDigest() != null) {
                location.put("logicalLocations", List.of(Map.of("name", f.layerDigest().toString(), "kind", "layer",
                        "fullyQualifiedName", "layer " + f.layer() + " " + f.layerDigest())));
            }
            result.put("locations", List.of(location));
            result.put("properties", Map.of("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT), "layer", f.layer()));
            results.add(result);
        }
        return SarifLog.of("pier", version, rules, results);
    }
}
