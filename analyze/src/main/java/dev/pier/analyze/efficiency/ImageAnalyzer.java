package dev.pier.analyze.efficiency;

import dev.pier.analyze.tree.ContentVisitor;
import dev.pier.analyze.tree.ImageDiff;
import dev.pier.analyze.tree.LayerDiff;
import dev.pier.analyze.tree.LayerDiffEngine;
import dev.pier.image.spec.History;
import dev.pier.image.transport.Image;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads an image's layers once and computes its {@link AnalysisReport}. */
public final class ImageAnalyzer {
    /** How many inefficiencies, files and directories the report lists. */
    public static final int TOP = 20;

    private ImageAnalyzer() {}

    /** The analysis and the layer diff it was computed from (for the HTML report). */
    public record Analysis(AnalysisReport report, ImageDiff diff) {}

    public static Analysis analyze(String name, Image image) throws IOException {
        ImageDiff diff = LayerDiffEngine.diff(image, ContentVisitor.NONE, false);
        return new Analysis(report(name, image.config().history(), diff), diff);
    }

    /** The report for a diff; {@code history} gives each layer's created_by. */
    public static AnalysisReport report(String name, List<History> history, ImageDiff diff) {
        Efficiency.Result eff = Efficiency.compute(diff);
        List<String> steps = history.stream().filter(h -> !h.isEmptyLayer())
                .map(h -> h.createdBy() == null ? "" : h.createdBy()).toList();
        List<AnalysisReport.LayerSummary> layers = new ArrayList<>();
        long total = 0;
        for (LayerDiff l : diff.layers()) {
            total += l.size();
            String step = l.index() < steps.size() ? steps.get(l.index()) : "";
            layers.add(new AnalysisReport.LayerSummary(l.index(), l.digest(), step, l.size(), l.compressedSize(),
                    l.added(), l.modified(), l.removed()));
        }
        return new AnalysisReport(name, total, eff.score(), eff.wastedBytes(), eff.userSize(), eff.wastedUserPercent(),
                layers, eff.inefficiencies().stream().limit(TOP).toList(), Waste.of(diff),
                Largest.files(diff.tree(), TOP), Largest.directories(diff.tree(), TOP));
    }
}
