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
 * device 0/0) as a removal, a directory with {@code trusted.overlay.opaque=y} as opaque — or
 * {@code user.overlay.opaque=y} for a {@code userxattr} mount (in a user namespace), and only
 * then: otherwise that is an ordinary xattr the RUN may have set.
 */
final class UpperDirChanges {

    private UpperDirChanges() {}

    /** The changes in {@code upper}, in layer order; {@code opaqueXattr} is the mount's opaque marker. */
    static List<Change> of(Path upper, String opaqueXattr) throws IOException {
        List<Change> out = new ArrayList<>();
        walk(upper, "", opaqueXattr, out);
        return out;
    }

    private static void walk(Path dir, String rel, String opaqueXattr, List<Change> out) throws IOException {
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
                if (isOpaque(child, opaqueXattr)) {
                    out.add(Change.opaque(path));
                }
                walk(child, path, opaqueXattr, out);
            } else {
                out.add(Change.entry(path, child));
            }
        }
    }

    private static boolean isOpaque(Path dir, String xattr) {
        byte[] value = Libc.lgetxattr(dir.toString(), xattr);
        return value != null && new String(value, StandardCharsets.UTF_8).equals("y");
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
