package dev.pier.analyze.lint;

/** The plain-text form of a {@link LintReport}: one line per finding, as compilers print them. */
public final class LintText {
    private LintText() {}

    /** {@code Dockerfile:7 PL003 warning: message (fix: ...)} per finding, nothing for a clean file. */
    public static String render(LintReport report) {
        StringBuilder sb = new StringBuilder();
        for (LintFinding f : report.findings()) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }
}
