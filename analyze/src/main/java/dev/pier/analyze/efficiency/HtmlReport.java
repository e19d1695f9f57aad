package dev.pier.analyze.efficiency;

import dev.pier.image.io.ByteSizes;
import dev.pier.analyze.tree.Change;
import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.ImageDiff;
import dev.pier.analyze.tree.LayerDiff;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML file for an {@link AnalysisReport}: summary, a bar chart of layer sizes,
 * a treemap of the final tree, and each layer's changes as a file tree. Everything is inline (CSS,
 * SVG, a few lines of script); the page loads nothing from anywhere.
 */
public final class HtmlReport {
    /** Changes listed per layer before the list is cut short. */
    static final int MAX_CHANGES = 2000;

    private HtmlReport() {}

    public static String render(AnalysisReport r, ImageDiff diff) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>pier analyze: ")
                .append(Html.escape(r.image())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:20px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:24px}")
                .append("table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;font-size:13px}tr:nth-child(even){background:#f4f4f8}")
                .append(".num{text-align:right;font-variant-numeric:tabular-nums}.tree{font-family:monospace;font-size:12px;white-space:pre}")
                .append(".A{color:#1a7f37}.M{color:#9a6700}.R{color:#cf222e}.layer{display:none}.layer.on{display:block}")
                .append(".bar{cursor:pointer}.bar:hover{opacity:.75}.cards span{display:inline-block;margin-right:18px;padding:8px 12px;background:#eef;border-radius:6px}")
                .append("</style></head><body>");
        sb.append("<h1>").append(Html.escape(r.image())).append("</h1><div class=\"cards\">")
                .append(card("efficiency", String.format(Locale.ROOT, "%.2f %%", r.efficiency() * 100)))
                .append(card("total size", ByteSizes.human(r.totalSize())))
                .append(card("wasted", ByteSizes.human(r.wastedBytes())))
                .append(card("user wasted", String.format(Locale.ROOT, "%.2f %%", r.wastedUserPercent() * 100)))
                .append(card("package caches", ByteSizes.human(r.waste().cacheBytes())))
                .append("</div>");
        sb.append("<h2>Layer sizes</h2>").append(barChart(r.layers()));
        sb.append("<h2>Sizes of the final tree</h2>").append(Treemap.svg(diff.tree(), 1100, 420));
        sb.append("<h2>Files per layer</h2><p>Click a bar or pick a layer: ").append(layerPicker(r.layers())).append("</p>");
        for (LayerDiff l : diff.layers()) {
            sb.append(layerTree(l));
        }
        sb.append("<h2>Largest files</h2>").append(pathTable(r.largestFiles()));
        sb.append("<h2>Largest directories</h2>").append(pathTable(r.largestDirectories()));
        sb.append("<script>function show(i){document.querySelectorAll('.layer').forEach(function(e){")
                .append("e.classList.toggle('on',e.id==='layer-'+i)});document.getElementById('pick').value=i}show(")
                .append(Math.max(0, diff.layers().size() - 1)).append(")</script></body></html>\n");
        return sb.toString();
    }

    private static String card(String label, String value) {
        return "<span>" + label + ": <b>" + Html.escape(value) + "</b></span>";
    }

    private static String barChart(List<AnalysisReport.LayerSummary> layers) {
        int rowH = 22;
        int width = 1100;
        int labelW = 110;
        long max = Math.max(1, layers.stream().mapToLong(AnalysisReport.LayerSummary::size).max().orElse(1));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\">", width, layers.size() * rowH + 4));
        for (var l : layers) {
            int y = l.index() * rowH + 2;
            double w = Math.max(2, (width - labelW - 260) * (double) l.size() / max);
            String color = String.format(Locale.ROOT, "hsl(%d,60%%,55%%)", (l.index() * 47) % 360);
            sb.append(String.format(Locale.ROOT,
                    "<g class=\"bar\" onclick=\"show(%d)\"><text x=\"0\" y=\"%d\" font-size=\"12\">layer %d</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s  +%d ~%d -%d</text></g>",
                    l.index(), y + 15, l.index(), labelW, y, w, rowH - 6, color, Html.escape(l.createdBy()),
                    labelW + w + 6, y + 15, ByteSizes.human(l.size()), l.added(), l.modified(), l.removed()));
        }
        return sb.append("</svg>").toString();
    }

    private static String layerPicker(List<AnalysisReport.LayerSummary> layers) {
        StringBuilder sb = new StringBuilder("<select id=\"pick\" onchange=\"show(this.value)\">");
        for (var l : layers) {
            sb.append("<option value=\"").append(l.index()).append("\">layer ").append(l.index()).append(": ")
                    .append(Html.escape(l.createdBy().length() > 80 ? l.createdBy().substring(0, 80) + "…" : l.createdBy()))
                    .append("</option>");
        }
        return sb.append("</select>").toString();
    }

    private static String layerTree(LayerDiff l) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"layer\" id=\"layer-").append(l.index()).append("\"><p>layer ").append(l.index())
                .append(" <code>").append(l.digest()).append("</code>: ").append(ByteSizes.human(l.size()))
                .append(", <span class=\"A\">+").append(l.added()).append(" added</span>, <span class=\"M\">~")
                .append(l.modified()).append(" changed</span>, <span class=\"R\">-").append(l.removed())
                .append(" removed</span></p><div class=\"tree\">");
        List<Change> changes = l.changes().stream().sorted(Comparator.comparing(Change::path)).toList();
        int n = 0;
        for (Change c : changes) {
            if (n++ == MAX_CHANGES) {
                sb.append("… ").append(changes.size() - MAX_CHANGES).append(" more\n");
                break;
            }
            String cls = switch (c) {
                case Change.Added a -> "A";
                case Change.Modified m -> "M";
                case Change.Removed r -> "R";
            };
            FileEntry e = c.after() != null ? c.after() : c.before();
            int depth = (int) c.path().chars().filter(ch -> ch == '/').count();
            sb.append("<span class=\"").append(cls).append("\">").append(cls.equals("A") ? "+" : cls.equals("M") ? "~" : "-")
                    .append(' ').append("  ".repeat(depth)).append(Html.escape(e.name())).append(e.isDirectory() ? "/" : "")
                    .append(e.isRegularFile() ? "  " + ByteSizes.human(e.size()) : "").append("</span>\n");
        }
        return sb.append("</div></div>").toString();
    }

    private static String pathTable(List<Largest.PathSize> rows) {
        StringBuilder sb = new StringBuilder("<table><tr><th>size</th><th>path</th></tr>");
        rows.forEach(p -> sb.append("<tr><td class=\"num\">").append(ByteSizes.human(p.size())).append("</td><td>")
                .append(Html.escape(p.path())).append("</td></tr>"));
        return sb.append("</table>").toString();
    }
}
