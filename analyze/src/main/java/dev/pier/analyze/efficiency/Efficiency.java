package dev.pier.analyze.efficiency;

import dev.pier.analyze.tree.Change;
import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.ImageDiff;
import dev.pier.analyze.tree.LayerDiff;
import dev.pier.analyze.tree.LayerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The efficiency score as dive computes it ({@code filetree.Efficiency}): every leaf of every
 * layer's own tree (files, empty directories, whiteouts) is counted by path. A path's cumulative
 * size sums its sizes over all layers; its minimum is the smallest of them (a whiteout of a file
 * counts 0, a whiteout of a directory counts what it removed). Score = Σ minimum / Σ cumulative
 * (1 when both are 0). Paths seen in two or more layers are the inefficiencies; wasted bytes sum
 * their cumulative sizes, and the user-wasted ratio divides that by the size of all layers but the
 * first.
 */
public final class Efficiency {
    private Efficiency() {}

    /** A path seen in several layers. */
    public record Inefficiency(String path, int occurrences, long cumulativeSize) {}

    /** The score and what lowers it. */
    public record Result(double score, long wastedBytes, long userSize, double wastedUserPercent,
                         List<Inefficiency> inefficiencies) {}

    private static final class PathData {
        long cumulative;
        long min = -1;
        int count;
    }

    public static Result compute(ImageDiff diff) {
        Map<String, PathData> paths = new HashMap<>();
        long userSize = 0;
        for (LayerDiff layer : diff.layers()) {
            if (layer.index() > 0) {
                userSize += layer.size();
            }
            for (Map.Entry<String, Long> leaf : leaves(layer).entrySet()) {
                PathData d = paths.computeIfAbsent(leaf.getKey(), k -> new PathData());
                long size = leaf.getValue();
                d.cumulative += size;
                d.min = d.min < 0 ? size : Math.min(d.min, size);
                d.count++;
            }
        }
        long minimum = 0;
        long discovered = 0;
        long wasted = 0;
        List<Inefficiency> inefficient = new ArrayList<>();
        for (Map.Entry<String, PathData> e : paths.entrySet()) {
            PathData d = e.getValue();
            minimum += d.min;
            discovered += d.cumulative;
            if (d.count >= 2) {
                wasted += d.cumulative;
                inefficient.add(new Inefficiency(e.getKey(), d.count, d.cumulative));
            }
        }
        inefficient.sort(Comparator.comparingLong(Inefficiency::cumulativeSize).reversed()
                .thenComparing(Inefficiency::path));
        double score = discovered == 0 ? 1.0 : (double) minimum / discovered;
        double userPercent = userSize == 0 ? 0 : (double) wasted / userSize;
        return new Result(score, wasted, userSize, userPercent, List.copyOf(inefficient));
    }

    /** The leaves of one layer's own tree with the size dive gives each. */
    static Map<String, Long> leaves(LayerDiff layer) {
        TreeSet<String> puts = new TreeSet<>();
        for (LayerEntry e : layer.entries()) {
            if (e instanceof LayerEntry.Put p) {
                puts.add(p.path());
            }
        }
        Map<String, Long> leaves = new HashMap<>();
        for (LayerEntry e : layer.entries()) {
            switch (e) {
                case LayerEntry.Put(FileEntry f) -> {
                    String next = puts.ceiling(f.path() + "/");
                    if (next == null || !next.startsWith(f.path() + "/")) {
                        leaves.put(f.path(), f.size());
                    }
                }
                case LayerEntry.Whiteout w -> leaves.merge(w.path(), removedBelow(layer, w.path()), Long::sum);
                case LayerEntry.Opaque o -> leaves.merge(o.path().isEmpty() ? "/" : o.path(),
                        removedBelow(layer, o.path()), Long::sum);
            }
        }
        return leaves;
    }

    /** Bytes a whiteout of a directory removed (a whiteout of a file counts 0, as in dive). */
    private static long removedBelow(LayerDiff layer, String path) {
        String prefix = path.isEmpty() ? "" : path + "/";
        long sum = 0;
        for (Change c : layer.changes()) {
            if (c instanceof Change.Removed(FileEntry before) && before.path().startsWith(prefix)) {
                sum += before.size();
            }
        }
        return sum;
    }
}
