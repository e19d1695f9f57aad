package dev.pier.analyze.efficiency;

import dev.pier.image.io.ByteSizes;
import java.util.Locale;

/** The plain-text form of an {@link AnalysisReport}, laid out like dive's CI output. */
public final class TextReport {
    private TextReport() {}

    public static String render(AnalysisReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Image: ").append(r.image()).append('\n');
        sb.append(String.format(Locale.ROOT, "  efficiency: %.4f %%%n", r.efficiency() * 100));
        sb.append("  total size: ").append(ByteSizes.human(r.totalSize())).append('\n');
        sb.append("  wasted bytes: ").append(ByteSizes.human(r.wastedBytes())).append(" (").append(r.wastedBytes()).append(" bytes)\n");
        sb.append(String.format(Locale.ROOT, "  user wasted percent: %.4f %%%n", r.wastedUserPercent() * 100));
        sb.append("  overwritten: ").append(ByteSizes.human(r.waste().overwrittenBytes()))
                .append(", deleted: ").append(ByteSizes.human(r.waste().deletedBytes()))
                .append(", package caches: ").append(ByteSizes.human(r.waste().cacheBytes())).append('\n');
        sb.append("\nLayers:\n");
        sb.append(String.format(Locale.ROOT, "  %-3s %-12s %9s %9s %7s %7s %7s  %s%n",
                "#", "DIGEST", "SIZE", "BLOB", "ADDED", "CHANGED", "REMOVED", "CREATED BY"));
        for (var l : r.layers()) {
            sb.append(String.format(Locale.ROOT, "  %-3d %-12s %9s %9s %7d %7d %7d  %s%n", l.index(),
                    l.digest().encoded().substring(0, 12), ByteSizes.human(l.size()), ByteSizes.human(l.compressedSize()),
                    l.added(), l.modified(), l.removed(), oneLine(l.createdBy())));
        }
        if (!r.waste().caches().isEmpty()) {
            sb.append("\nPackage caches left in the image:\n");
            r.waste().caches().forEach(c -> sb.append(String.format(Locale.ROOT, "  %9s  %5d files  %s%n",
                    ByteSizes.human(c.bytes()), c.files(), c.path())));
        }
        if (!r.inefficiencies().isEmpty()) {
            sb.append("\nInefficient files:\n");
            sb.append(String.format(Locale.ROOT, "  %5s  %9s  %s%n", "COUNT", "WASTED", "PATH"));
            r.inefficiencies().forEach(i -> sb.append(String.format(Locale.ROOT, "  %5d  %9s  /%s%n",
                    i.occurrences(), ByteSizes.human(i.cumulativeSize()), i.path())));
        }
        sb.append("\nLargest files:\n");
        r.largestFiles().forEach(f -> sb.append(String.format(Locale.ROOT, "  %9s  %s%n", ByteSizes.human(f.size()), f.path())));
        sb.append("\nLargest directories:\n");
        r.largestDirectories().forEach(f -> sb.append(String.format(Locale.ROOT, "  %9s  %s%n", ByteSizes.human(f.size()), f.path())));
        return sb.toString();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 60 ? t.substring(0, 59) + "…" : t;
    }
}
