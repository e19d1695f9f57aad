package dev.pier.analyze.lint;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.pier.image.PierException;
import java.util.Locale;

/** How serious a lint finding is, lowest first. */
public enum LintSeverity {
    INFO, WARNING, ERROR;

    /** Parses {@code info}, {@code warning} or {@code error}, case-insensitively ({@code note} means info). */
    public static LintSeverity parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "info", "note" -> INFO;
            case "warning", "warn" -> WARNING;
            case "error" -> ERROR;
            default -> throw new PierException("unknown severity \"" + text + "\": use info, warning or error");
        };
    }

    /** The name in lower case, as printed and written to JSON: {@code warning}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SARIF {@code level}: {@code error}, {@code warning} or {@code note}. */
    public String sarifLevel() {
        return this == INFO ? "note" : label();
    }

    /** Whether this is at least as serious as {@code threshold}. */
    public boolean atLeast(LintSeverity threshold) {
        return compareTo(threshold) >= 0;
    }
}
