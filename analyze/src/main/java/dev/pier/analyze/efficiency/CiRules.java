package dev.pier.analyze.efficiency;

import dev.pier.image.PierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * dive's CI rules: the efficiency must not fall below a floor, and the wasted bytes and the
 * user-wasted ratio must not exceed their ceilings. A negative threshold disables its rule.
 */
public record CiRules(double lowestEfficiency, long highestWastedBytes, double highestUserWastedPercent) {

    /** 0.9 efficiency, 20MB wasted, 10% of user layers wasted. */
    public static CiRules defaults() {
        return new CiRules(0.9, 20_000_000, 0.1);
    }

    /** One line per broken rule; empty when the image passes. */
    public List<String> violations(AnalysisReport r) {
        List<String> out = new ArrayList<>();
        if (lowestEfficiency >= 0 && r.efficiency() < lowestEfficiency) {
            out.add(String.format(Locale.ROOT, "lowest-efficiency: efficiency %.4f is below %.4f", r.efficiency(), lowestEfficiency));
        }
        if (highestWastedBytes >= 0 && r.wastedBytes() > highestWastedBytes) {
            out.add("highest-wasted-bytes: " + r.wastedBytes() + " bytes wasted, more than " + highestWastedBytes);
        }
        if (highestUserWastedPercent >= 0 && r.wastedUserPercent() > highestUserWastedPercent) {
            out.add(String.format(Locale.ROOT, "highest-user-wasted-percent: %.4f of the user layers is wasted, more than %.4f",
                    r.wastedUserPercent(), highestUserWastedPercent));
        }
        return out;
    }

    /**
     * Parses a byte size as dive's config writes it: {@code 20MB}, {@code 1.5GiB}, {@code 1024},
     * or {@code disabled} (-1). Decimal units for kB/MB/GB, binary for KiB/MiB/GiB.
     */
    public static long parseBytes(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("disabled")) {
            return -1;
        }
        var m = java.util.regex.Pattern.compile("(?i)^([0-9]+(?:\\.[0-9]+)?)\\s*(b|kb|k|mb|m|gb|g|tb|kib|mib|gib|tib)?$").matcher(t);
        if (!m.matches()) {
            throw new PierException("invalid size \"" + text + "\": expected a number with an optional unit (B, kB, MB, GB, KiB, MiB, GiB) or \"disabled\"");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "k", "kb" -> 1e3;
            case "m", "mb" -> 1e6;
            case "g", "gb" -> 1e9;
            case "tb" -> 1e12;
            case "kib" -> 1024.0;
            case "mib" -> 1024.0 * 1024;
            case "gib" -> 1024.0 * 1024 * 1024;
            case "tib" -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1;
        };
        return (long) (n * factor);
    }
}
