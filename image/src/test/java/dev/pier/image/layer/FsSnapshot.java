package dev.pier.image.layer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A comparable picture of a directory tree (paths, types, sizes, mtimes, link targets, contents). */
final class FsSnapshot {
    private FsSnapshot() {}

    /** Everything under {@code dir} except the subtree {@code exclude} (may be null). */
    static Map<String, String> of(Path dir, Path exclude) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> exclude == null || !p.startsWith(exclude)).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    String v;
                    if (a.isSymbolicLink()) {
                        v = "link " + Files.readSymbolicLink(p);
                    } else if (a.isRegularFile()) {
                        v = "file " + a.size() + " " + a.lastModifiedTime() + " "
                                + java.util.Arrays.hashCode(Files.readAllBytes(p));
                    } else {
                        v = (a.isDirectory() ? "dir " : "other ") + a.lastModifiedTime();
                    }
                    out.put(dir.relativize(p).toString(), v);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
