package dev.pier.build.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The copy-and-diff changes between a root before a RUN and a copy of it the RUN changed: new
 * and changed entries (type, mode, owner, link count, link target, device; size, and for files
 * whose size is the same but mtime differs, the content hash), directories holding a change or
 * whose mode, owner or mtime changed, and a whiteout for every removed path (not for what it held).
 */
final class TreeDiff {
    private TreeDiff() {}

    /** The changes from {@code before} to {@code after}, in layer order. */
    static List<Change> between(Path before, Path after) throws IOException {
        List<Change> out = new ArrayList<>();
        diff(before, after, "", out);
        return out;
    }

    private static void diff(Path before, Path after, String rel, List<Change> out) throws IOException {
        TreeSet<String> names = new TreeSet<>((a, b) -> Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (Path p : UpperDirChanges.Sorted.children(after)) {
            names.add(p.getFileName().toString());
        }
        if (before != null) {
            for (Path p : UpperDirChanges.Sorted.children(before)) {
                names.add(p.getFileName().toString());
            }
        }
        for (String name : names) {
            String path = Change.child(rel, name);
            Path o = before == null ? null : before.resolve(name);
            Path n = after.resolve(name);
            FileStat os = o == null ? null : FileStat.of(o);
            FileStat ns = FileStat.of(n);
            if (ns == null) {
                out.add(Change.whiteout(path));
            } else if (ns.isDirectory()) {
                boolean bothDirs = os != null && os.isDirectory();
                List<Change> inside = new ArrayList<>();
                diff(bothDirs ? o : null, n, path, inside);
                if (!bothDirs || !inside.isEmpty() || metaChanged(os, ns) || !os.mtime().equals(ns.mtime())) {
                    out.add(Change.entry(path, n));
                }
                out.addAll(inside);
            } else if (os == null || changed(o, os, n, ns)) {
                out.add(Change.entry(path, n));
            }
        }
    }

    private static boolean metaChanged(FileStat o, FileStat n) {
        return o.mode() != n.mode() || o.uid() != n.uid() || o.gid() != n.gid();
    }

    private static boolean changed(Path o, FileStat os, Path n, FileStat ns) throws IOException {
        if (metaChanged(os, ns) || os.nlink() != ns.nlink() || os.rdev() != ns.rdev()) {
            return true;
        }
        return switch (ns.type()) {
            case FileStat.S_IFLNK -> !Files.readSymbolicLink(o).equals(Files.readSymbolicLink(n));
            case FileStat.S_IFREG -> os.size() != ns.size() || (!os.mtime().equals(ns.mtime()) && !sameContent(o, n));
            default -> false;
        };
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        return sha256(a).equals(sha256(b));
    }

    private static dev.pier.image.digest.Digest sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return dev.pier.image.digest.Digest.of(dev.pier.image.digest.DigestAlgorithm.SHA256, in);
        }
    }
}
