package dev.pier.build.run;

import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.EntryType;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a RUN's changes as an uncompressed layer tar with {@link LayerWriter}: files,
 * directories, symlinks, devices and fifos as they are on the host, a second link to a file
 * already written as a hardlink entry, whiteouts as {@code .wh.<name>}, opaque directories as
 * {@code .wh..wh..opq}. Sockets are left out.
 */
final class ChangeWriter {
    private ChangeWriter() {}

    /** Writes {@code changes} to {@code tar}. */
    static void write(List<Change> changes, LayerOptions options, Path tar) throws IOException {
        Map<Long, Map<Long, String>> firstLinks = new HashMap<>();
        try (OutputStream out = Files.newOutputStream(tar);
             LayerWriter w = LayerWriter.open(out, Compression.NONE, options)) {
            for (Change c : changes) {
                switch (c.kind()) {
                    case WHITEOUT -> w.addWhiteout(c.path(), EntryAttributes.of(0));
                    case OPAQUE -> w.addOpaque(c.path(), EntryAttributes.of(0));
                    case ENTRY -> entry(w, c, firstLinks);
                }
            }
            w.finish();
        }
    }

    private static void entry(LayerWriter w, Change c, Map<Long, Map<Long, String>> firstLinks) throws IOException {
        FileStat s = FileStat.of(c.source());
        if (s == null) {
            return;
        }
        EntryAttributes a = new EntryAttributes(s.permissions(), s.uid(), s.gid(), s.mtime(), Map.of());
        switch (s.type()) {
            case FileStat.S_IFDIR -> w.addDirectory(c.path(), a);
            case FileStat.S_IFLNK -> w.addSymlink(c.path(), Files.readSymbolicLink(c.source()).toString(), a);
            case FileStat.S_IFREG -> {
                if (s.nlink() > 1) {
                    String first = firstLinks.computeIfAbsent(s.dev(), d -> new HashMap<>()).putIfAbsent(s.ino(), c.path());
                    if (first != null) {
                        w.addHardlink(c.path(), first, a);
                        return;
                    }
                }
                try (InputStream in = Files.newInputStream(c.source())) {
                    w.addFile(c.path(), a, s.size(), in);
                }
            }
            case FileStat.S_IFCHR -> w.addDevice(c.path(), EntryType.CHAR_DEVICE, s.major(), s.minor(), a);
            case FileStat.S_IFBLK -> w.addDevice(c.path(), EntryType.BLOCK_DEVICE, s.major(), s.minor(), a);
            case FileStat.S_IFIFO -> w.addFifo(c.path(), a);
            default -> { }   // sockets have no tar form
        }
    }
}
