package dev.pier.analyze.lint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The linter's configuration, usually read from {@code .pier-lint.yaml}:
 * <pre>
 * ignore: [PL002]
 * severity:
 *   PL004: error
 *   PL007: off        # same as ignoring it
 * thresholds:
 *   context-size: 50MiB   # PL010: a context larger than this needs a .dockerignore
 *   consecutive-runs: 3   # PL002: this many RUNs in a row are reported
 * </pre>
 *
 * @param ignore rule ids never reported
 * @param severity severities that replace the rules' defaults
 * @param contextSizeBytes the context size above which a missing .dockerignore is reported
 * @param consecutiveRuns how many RUNs in a row make a finding (at least 2)
 */
public record LintConfig(Set<String> ignore, Map<String, LintSeverity> severity, long contextSizeBytes,
                         int consecutiveRuns) {
    /** No ignores, default severities, 10 MiB, 2 RUNs. */
    public static final LintConfig DEFAULT = new LintConfig(Set.of(), Map.of(), 10L << 20, 2);

    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    public LintConfig {
        ignore = Set.copyOf(ignore);
        severity = Map.copyOf(severity);
        if (contextSizeBytes < 0 || consecutiveRuns < 2) {
            throw new PierException("lint thresholds: context-size must be >= 0 and consecutive-runs >= 2");
        }
    }

    /** The YAML document as written. */
    record File(List<String> ignore, Map<String, String> severity, Thresholds thresholds) {}

    /** The {@code thresholds} section. */
    record Thresholds(@JsonProperty("context-size") String contextSize,
                      @JsonProperty("consecutive-runs") Integer consecutiveRuns) {}

    /**
     * Reads a configuration file; unknown keys, unknown rule ids and bad values are errors that
     * name the file.
     */
    public static LintConfig load(Path file, Set<String> knownRules) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true).build();
        String text = java.nio.file.Files.readString(file);
        if (text.isBlank()) {
            return DEFAULT;
        }
        File f;
        try {
            f = yaml.readValue(text, File.class);
        } catch (JacksonException e) {
            throw new PierException(file + ": invalid lint configuration: " + e.getOriginalMessage());
        }
        try {
            return f == null ? DEFAULT : of(f, knownRules);
        } catch (PierException e) {
            throw new PierException(file + ": " + e.getMessage());
        }
    }

    static LintConfig of(File f, Set<String> knownRules) {
        Set<String> ignore = new HashSet<>();
        for (String id : f.ignore() == null ? List.<String>of() : f.ignore()) {
            ignore.add(known(id, knownRules));
        }
        Map<String, LintSeverity> severity = new LinkedHashMap<>();
        if (f.severity() != null) {
            for (var e : f.severity().entrySet()) {
                String id = known(e.getKey(), knownRules);
                String level = e.getValue() == null ? "" : e.getValue().strip().toLowerCase(Locale.ROOT);
                if (level.equals("off") || level.equals("none") || level.equals("ignore")) {
                    ignore.add(id);
                } else {
                    severity.put(id, LintSeverity.parse(level));
                }
            }
        }
        Thresholds t = f.thresholds();
        long size = t == null || t.contextSize() == null ? DEFAULT.contextSizeBytes() : parseSize(t.contextSize());
        int runs = t == null || t.consecutiveRuns() == null ? DEFAULT.consecutiveRuns() : t.consecutiveRuns();
        return new LintConfig(ignore, severity, size, runs);
    }

    private static String known(String id, Set<String> knownRules) {
        String upper = id == null ? "" : id.strip().toUpperCase(Locale.ROOT);
        if (!knownRules.contains(upper)) {
            throw new PierException("unknown lint rule \"" + id + "\": see pier lint --list-rules");
        }
        return upper;
    }

    /** Parses {@code 10485760}, {@code 10MiB}, {@code 500k}, {@code 1GB} (powers of 1024). */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new PierException("invalid size \"" + text + "\": use bytes or a number with KiB, MiB or GiB");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new PierException("invalid size \"" + text + "\": too large");
        }
    }
}
