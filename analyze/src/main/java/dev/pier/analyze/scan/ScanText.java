package dev.pier.analyze.scan;

/** The plain-text form of a {@link ScanReport}. */
public final class ScanText {
    private ScanText() {}

    public static String render(ScanReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.image()).append(": ").append(r.findings().size()).append(" findings, ")
                .append(r.packages().size()).append(" packages\n");
        for (Finding f : r.findings()) {
            sb.append(String.format("%-8s %-24s %s: %s%n", f.severity(), f.rule().id(), f.where(), f.message()));
        }
        return sb.toString();
    }
}
