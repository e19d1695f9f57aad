package dev.pier.analyze.slim;

import dev.pier.analyze.trace.ImageTree;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * Writes the kept paths of an unpacked image as one layer, each with its mode, owner and mtime:
 * directories, regular files (a file whose inode was already written becomes a hardlink to it, as
 * in the original), symlinks and FIFOs. Sorted paths put every directory before its entries.
 * Sockets and device nodes are left out (the runtime provides {@code /dev}).
 */
final class SlimLayer {
    private static final String ATTRS = "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFIFO = 0010000;

    private SlimLayer() {}

    /**
     * Regular files and their bytes, each inode counted once.
     *
     * @param files regular files
     * @param bytes their content
     */
    record Content(long files, long bytes) {}

    /** Writes {@code paths} (sorted, absolute in the image) of {@code tree} to {@code out}. */
    static Content write(ImageTree tree, SortedSet<String> paths, LayerWriter out) throws IOException {
        Map<String, String> firstLink = new HashMap<>();
        long files = 0;
        long bytes = 0;
        for (String path : paths) {
            Path host = tree.host(path);
            Map<String, Object> a = Files.readAttributes(host, ATTRS, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            EntryAttributes attrs = new EntryAttributes(mode & 07777, (Integer) a.get("uid") & 0xffffffffL,
                    (Integer) a.get("gid") & 0xffffffffL, ((FileTime) a.get("lastModifiedTime")).toInstant(), Map.of());
            String name = path.substring(1);
            switch (mode & S_IFMT) {
                case S_IFDIR -> out.addDirectory(name, attrs);
                case S_IFLNK -> out.addSymlink(name, Files.readSymbolicLink(host).toString(), attrs);
                case S_IFIFO -> out.addFifo(name, attrs);
                case S_IFREG -> {
                    String key = a.get("dev") + ":" + a.get("ino");
                    String first = (Integer) a.get("nlink") > 1 ? firstLink.putIfAbsent(key, name) : null;
                    if (first != null) {
                        out.addHardlink(name, first, attrs);
                    } else {
                        try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
                            out.addFile(name, attrs, (Long) a.get("size"), in);
                        }
                        files++;
                        bytes += (Long) a.get("size");
                    }
                }
                default -> { }   // sockets and devices: nothing a slimmed image needs
            }
        }
        return new Content(files, bytes);
    }

    /** The regular files under {@code root}, each inode counted once. */
    static Content measure(java.nio.file.Path root) throws IOException {
        java.util.Set<Object> inodes = new java.util.HashSet<>();
        long[] totals = new long[2];
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && inodes.add(attrs.fileKey())) {
                    totals[0]++;
                    totals[1] += attrs.size();
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return new Content(totals[0], totals[1]);
    }
}
