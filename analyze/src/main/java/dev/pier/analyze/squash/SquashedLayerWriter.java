package dev.pier.analyze.squash;

import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.FileTree;
import dev.pier.analyze.tree.LayerEntry;
import dev.pier.analyze.tree.LayerTarReader;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the one layer that replaces layers {@code start..top}: whiteouts for what the squashed
 * layers removed from the base (only the topmost removed path of each subtree), then every entry of
 * the final tree that a squashed layer put, content streamed from the layer that put it. Files come
 * first, then directories (so read-only ones do not block their files), hardlinks last (so their
 * targets exist). What the squashed layers hid from each other is left out.
 */
final class SquashedLayerWriter {
    private SquashedLayerWriter() {}

    static void write(LayerWriter out, List<Layer> layers, int start, List<List<LayerEntry>> entries, FileTree base,
                      FileTree top) throws IOException {
        writeWhiteouts(out, base, top);
        List<FileEntry> hardlinks = new ArrayList<>();
        for (int i = start; i < layers.size(); i++) {
            int layer = i;
            List<FileEntry> files = new ArrayList<>();
            for (LayerEntry e : entries.get(i)) {
                if (e instanceof LayerEntry.Put(FileEntry f) && f.isRegularFile()) {
                    files.add(f);
                }
            }
            Set<Integer> winners = winners(files, top, layer);
            int[] k = {0};
            try (InputStream in = layers.get(i).openUncompressed()) {
                LayerTarReader.read(in, i, "layer " + layers.get(i).digest(), (l, f, content) -> {
                    if (winners.contains(k[0]++)) {
                        out.addFile(f.path(), attributes(f), f.size(), content);
                    }
                });
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            for (FileEntry f : top.entries()) {
                if (f.layer() == layer && !f.isRegularFile()) {
                    switch (f.type()) {
                        case DIRECTORY -> out.addDirectory(f.path(), attributes(f));
                        case SYMLINK -> out.addSymlink(f.path(), f.linkTarget(), attributes(f));
                        case HARDLINK -> hardlinks.add(f);
                        case FIFO -> out.addFifo(f.path(), attributes(f));
                        case CHAR_DEVICE, BLOCK_DEVICE -> out.addDevice(f.path(), f.type(), 0, 0, attributes(f));
                        case FILE -> { }
                    }
                }
            }
        }
        for (FileEntry h : hardlinks) {
            out.addHardlink(h.path(), h.linkTarget(), attributes(h));
        }
    }

    /** Indexes (among the layer's regular files, in tar order) of the entries the final tree keeps. */
    private static Set<Integer> winners(List<FileEntry> files, FileTree top, int layer) {
        Set<Integer> winners = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int j = files.size() - 1; j >= 0; j--) {
            FileEntry f = files.get(j);
            // the last entry of a path in a layer is the one that stays
            if (seen.add(f.path()) && top.get(f.path()).filter(t -> t.layer() == layer && t.isRegularFile()).isPresent()) {
                winners.add(j);
            }
        }
        return winners;
    }

    private static void writeWhiteouts(LayerWriter out, FileTree base, FileTree top) throws IOException {
        Set<String> gone = new HashSet<>();
        for (FileEntry b : base.entries()) {
            if (underAny(b.path(), gone)) {
                continue;
            }
            FileEntry now = top.get(b.path()).orElse(null);
            if (now == null) {
                out.addWhiteout(b.path(), EntryAttributes.of(0));
                gone.add(b.path());
            } else if (b.isDirectory() && !now.isDirectory()) {
                gone.add(b.path()); // replaced by a non-directory: the applier removes the subtree
            }
        }
    }

    private static boolean underAny(String path, Set<String> roots) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (roots.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static EntryAttributes attributes(FileEntry f) {
        return new EntryAttributes(f.mode(), f.uid(), f.gid(), f.mtime(), f.xattrs());
    }
}
