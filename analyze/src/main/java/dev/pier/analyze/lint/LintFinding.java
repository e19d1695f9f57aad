package dev.pier.analyze.lint;

/**
 * One problem in a Dockerfile.
 *
 * @param rule the stable rule id, e.g. {@code PL003}
 * @param severity how serious it is (the rule's default, or the configured one)
 * @param file the Dockerfile's name as given
 * @param line the first line of the instruction (1-based)
 * @param endLine its last line
 * @param message what is wrong, one line; secret values never appear
 * @param fix what to do about it, one line
 */
public record LintFinding(String rule, LintSeverity severity, String file, int line, int endLine, String message,
                          String fix) {
    /** The same finding with another severity. */
    public LintFinding withSeverity(LintSeverity s) {
        return new LintFinding(rule, s, file, line, endLine, message, fix);
    }

    /** {@code Dockerfile:7 PL003 warning: message (fix: ...)}. */
    @Override
    public String toString() {
        return file + ":" + line + " " + rule + " " + severity.label() + ": " + message + " (fix: " + fix + ")";
    }
}
