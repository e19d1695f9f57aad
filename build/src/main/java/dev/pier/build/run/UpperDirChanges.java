package dev.pier.build.run;

import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The changes an overlayfs upper directory holds: every entry as it is, a whiteout (character
 * device 0/0) as a removal, a directory with {@code trusted.overlay.opaque=y} as opaque.
 */
final class UpperDirChanges {
    private static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private UpperDirChanges() {}

    /** The changes in {@code upper}, in layer order. */
    static List<Change> of(Path upper) throws IOException {
        List<Change> out = new ArrayList<>();
        walk(upper, "", out);
        return out;
    }

    private static void walk(Path dir, String rel, List<Change> out) throws IOException {
        for (Path child : Sorted.children(dir)) {
            String path = Change.child(rel, child.getFileName().toString());
            FileStat s = FileStat.of(child);
            if (s == null) {
                continue;
            }
            if (s.isWhiteout()) {
                out.add(Change.whiteout(path));
            } else if (s.isDirectory()) {
                out.add(Change.entry(path, child));
                byte[] opaque = Libc.lgetxattr(child.toString(), OPAQUE_XATTR);
                if (opaque != null && new String(opaque, StandardCharsets.UTF_8).equals("y")) {
                    out.add(Change.opaque(path));
                }
                walk(child, path, out);
            } else {
                out.add(Change.entry(path, child));
            }
        }
    }

    /** Directory listings in byte order of the names, so layers do not depend on the file system. */
    static final class Sorted {
        private Sorted() {}

        static List<Path> children(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.sorted((a, b) -> java.util.Arrays.compareUnsigned(bytes(a), bytes(b))).toList();
            }
        }

        private static byte[] bytes(Path p) {
            return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
