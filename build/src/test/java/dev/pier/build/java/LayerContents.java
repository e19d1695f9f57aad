package dev.pier.build.java;

import dev.pier.image.transport.Image;
import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads the entries of an image's layers, for assertions. */
final class LayerContents {
    private LayerContents() {}

    /** One tar entry: name, mode, owner and mtime in seconds. */
    record Entry(String name, int mode, long uid, long gid, long mtime) {}

    static List<Entry> entries(Layer layer) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.add(new Entry(e.getName(), e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                        e.getLastModifiedTime().toInstant().getEpochSecond()));
            }
        }
        return out;
    }

    /** The file (not directory) names of each layer of {@code image}, in order. */
    static List<List<String>> files(Image image) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Layer l : image.layers()) {
            out.add(entries(l).stream().map(Entry::name).filter(n -> !n.endsWith("/")).map(n -> n.startsWith("./") ? n.substring(1) : n.startsWith("/") ? n : "/" + n).toList());
        }
        return out;
    }
}
