package dev.pier.build.run;

import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a layer's tar for tests: entry names, and whether some entry's content holds a text. */
final class LayerEntries {
    private LayerEntries() {}

    static List<String> names(Layer layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /** Whether {@code text} occurs anywhere in the uncompressed layer (names, headers, contents). */
    static boolean contains(Layer layer, String text) throws IOException {
        try (InputStream in = layer.openUncompressed()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        }
    }
}
