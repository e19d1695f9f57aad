package dev.pier.analyze.sarif;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a SARIF 2.1.0 log that every Pier report shares: the envelope ({@code $schema},
 * {@code version}, one run with its tool driver) and the common objects (rules, physical
 * locations). Maps keep insertion order; {@link dev.pier.image.spec.Json} writes them sorted.
 */
public final class SarifLog {
    /** The schema the logs name. */
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifLog() {}

    /**
     * A log with one run of the tool {@code name} at {@code version}.
     *
     * @param rules the driver's reportingDescriptor objects (see {@link #rule})
     * @param results the run's result objects
     */
    public static Map<String, Object> of(String name, String version, List<?> rules, List<?> results) {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", name);
        driver.put("version", version);
        driver.put("rules", List.copyOf(rules));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", List.copyOf(results));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return log;
    }

    /**
     * A reportingDescriptor: {@code id}, {@code name}, a short description, the help text and,
     * when {@code level} is not null, the default configuration level ({@code error},
     * {@code warning} or {@code note}).
     */
    public static Map<String, Object> rule(String id, String name, String description, String help, String level) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", id);
        if (name != null) {
            rule.put("name", name);
        }
        rule.put("shortDescription", Map.of("text", description));
        if (help != null) {
            rule.put("help", Map.of("text", help));
        }
        if (level != null) {
            rule.put("defaultConfiguration", Map.of("level", level));
        }
        return rule;
    }

    /** A physicalLocation in {@code uri}, with a region from {@code startLine} to {@code endLine} when startLine > 0. */
    public static Map<String, Object> physicalLocation(String uri, int startLine, int endLine) {
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri));
        if (startLine > 0) {
            physical.put("region", Map.of("startLine", startLine, "endLine", Math.max(startLine, endLine)));
        }
        return physical;
    }
}
