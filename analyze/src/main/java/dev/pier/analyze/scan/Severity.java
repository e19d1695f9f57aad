package dev.pier.analyze.scan;

import dev.pier.image.PierException;
import java.util.Locale;

/** How serious a finding is, lowest first. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses a severity name, case-insensitively. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PierException("unknown severity \"" + text + "\": use info, low, medium, high or critical");
        }
    }

    /** The SARIF level for this severity. */
    public String sarifLevel() {
        return switch (this) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }
}
