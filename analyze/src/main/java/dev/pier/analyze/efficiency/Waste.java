package dev.pier.analyze.efficiency;

import dev.pier.analyze.tree.Change;
import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.ImageDiff;
import dev.pier.analyze.tree.LayerDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where an image's bytes are wasted, in Pier's own terms: file versions a later layer overwrote,
 * files a later layer deleted (both still shipped in the lower layer), and package-manager caches
 * left in the final tree.
 *
 * @param overwrittenBytes sizes of file versions replaced by a later layer
 * @param deletedBytes sizes of files removed by a later layer
 * @param caches package caches left in the image, largest first
 */
public record Waste(long overwrittenBytes, long deletedBytes, List<CacheUsage> caches) {

    /** A package cache directory and what it holds. */
    public record CacheUsage(String path, long bytes, int files) {}

    /** Cache directories, as patterns of paths relative to the root. */
    private static final List<Pattern> CACHES = List.of(
            "var/cache/apt", "var/lib/apt/lists", "var/cache/apk", "var/cache/yum", "var/cache/dnf",
            "root/\\.cache", "root/\\.npm", "root/\\.m2", "root/\\.gradle/caches",
            "home/[^/]+/\\.cache", "home/[^/]+/\\.npm", "home/[^/]+/\\.m2", "home/[^/]+/\\.gradle/caches")
            .stream().map(p -> Pattern.compile("^(" + p + ")/.*")).toList();

    public Waste {
        caches = List.copyOf(caches);
    }

    public long cacheBytes() {
        return caches.stream().mapToLong(CacheUsage::bytes).sum();
    }

    public static Waste of(ImageDiff diff) {
        long overwritten = 0;
        long deleted = 0;
        for (LayerDiff layer : diff.layers()) {
            for (Change c : layer.changes()) {
                switch (c) {
                    case Change.Modified m -> overwritten += m.before().size();
                    case Change.Removed r -> deleted += r.before().size();
                    case Change.Added ignored -> { }
                }
            }
        }
        Map<String, long[]> caches = new TreeMap<>();
        for (FileEntry f : diff.tree().entries()) {
            if (!f.isRegularFile()) {
                continue;
            }
            for (Pattern p : CACHES) {
                var m = p.matcher(f.path());
                if (m.matches()) {
                    long[] usage = caches.computeIfAbsent(m.group(1), k -> new long[2]);
                    usage[0] += f.size();
                    usage[1]++;
                    break;
                }
            }
        }
        List<CacheUsage> usage = new ArrayList<>();
        caches.forEach((path, u) -> usage.add(new CacheUsage("/" + path, u[0], (int) u[1])));
        usage.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return new Waste(overwritten, deleted, usage);
    }
}
