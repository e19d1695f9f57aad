package dev.pier.analyze.efficiency;

import dev.pier.image.io.ByteSizes;
import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.FileTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A slice-and-dice treemap of a flattened tree as inline SVG: each directory's rectangle is split
 * among its children by size, alternating direction by depth, down to {@link #MAX_DEPTH} levels.
 */
final class Treemap {
    static final int MAX_DEPTH = 4;
    private static final double MIN_SIDE = 3;

    private Treemap() {}

    /** A node of the size tree: a directory or file and the bytes below it. */
    private record Node(String name, String path, long size, List<Node> children) {}

    static String svg(FileTree tree, int width, int height) {
        Node root = build(tree);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg class=\"treemap\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                width, height, width, height));
        if (root.size() == 0) {
            sb.append("<text x=\"10\" y=\"20\">no file content</text>");
        } else {
            layout(root, 0, 0, width, height, 0, 0, sb);
        }
        return sb.append("</svg>").toString();
    }

    private static Node build(FileTree tree) {
        Map<String, Long> dirs = Largest.directorySizes(tree);
        Map<String, List<Node>> children = new TreeMap<>();
        for (FileEntry f : tree.entries()) {
            long size = f.isDirectory() ? dirs.getOrDefault(f.path(), 0L) : f.size();
            if (size == 0) {
                continue;
            }
            String parent = f.path().contains("/") ? f.path().substring(0, f.path().lastIndexOf('/')) : "";
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(new Node(f.name(), f.path(), size, null));
        }
        return attach(new Node("/", "", tree.totalSize(), null), children, 0);
    }

    private static Node attach(Node n, Map<String, List<Node>> children, int depth) {
        List<Node> kids = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (Node c : children.getOrDefault(n.path(), List.of())) {
                kids.add(attach(c, children, depth + 1));
            }
        }
        kids.sort(Comparator.comparingLong(Node::size).reversed());
        return new Node(n.name(), n.path(), n.size(), kids);
    }

    private static void layout(Node n, double x, double y, double w, double h, int depth, int hue, StringBuilder sb) {
        String color = String.format(Locale.ROOT, "hsl(%d,%d%%,%d%%)", hue, 55 + 8 * (depth % 3), 78 - 9 * depth);
        sb.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.5\"><title>%s %s</title></rect>",
                x, y, w, h, depth == 0 ? "#ddd" : color, Html.escape("/" + n.path()), ByteSizes.human(n.size())));
        if (depth > 0 && w > 60 && h > 14) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>",
                    x + 3, y + 12, Html.escape(n.name())));
        }
        if (n.children().isEmpty()) {
            return;
        }
        double pad = depth == 0 ? 0 : 2;
        double top = depth == 0 ? 0 : 14;
        double cx = x + pad;
        double cy = y + top;
        double cw = Math.max(0, w - 2 * pad);
        double ch = Math.max(0, h - top - pad);
        boolean horizontal = cw >= ch;
        double offset = 0;
        long total = n.children().stream().mapToLong(Node::size).sum();
        int i = 0;
        for (Node c : n.children()) {
            double share = (double) c.size() / total;
            double side = (horizontal ? cw : ch) * share;
            if (side < MIN_SIDE) {
                break; // the rest are smaller still
            }
            int childHue = depth == 0 ? (i * 47) % 360 : hue;
            if (horizontal) {
                layout(c, cx + offset, cy, side, ch, depth + 1, childHue, sb);
            } else {
                layout(c, cx, cy + offset, cw, side, depth + 1, childHue, sb);
            }
            offset += side;
            i++;
        }
    }
}
