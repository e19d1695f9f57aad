package dev.pier.analyze.history;

import dev.pier.image.PierException;
import dev.pier.image.spec.History;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The history of an image, newest step first, each step matched with the layer it added: the
 * config's history entries that are not {@code empty_layer} correspond, in order, to the layers.
 */
public final class ImageHistory {
    /** What docker prints for a step whose image it does not know. */
    public static final String MISSING = "<missing>";

    private ImageHistory() {}

    /** The rows of {@code image}'s history, newest first. */
    public static List<HistoryRow> of(Image image) {
        List<Layer> layers = image.layers();
        List<History> history = image.config().history();
        List<HistoryRow> rows = new ArrayList<>();
        int layer = 0;
        for (History h : history) {
            boolean empty = h.isEmptyLayer();
            Layer l = empty || layer >= layers.size() ? null : layers.get(layer++);
            rows.add(new HistoryRow(MISSING, h.created(), nullToEmpty(h.createdBy()), l == null ? 0 : l.size(),
                    nullToEmpty(h.comment()), l == null, l == null ? null : l.digest()));
        }
        // Layers the history does not describe (images built without history) still get a row.
        for (; layer < layers.size(); layer++) {
            Layer l = layers.get(layer);
            rows.add(new HistoryRow(MISSING, null, "", l.size(), "", false, l.digest()));
        }
        if (rows.isEmpty()) {
            throw new PierException("image " + image.descriptor().digest() + " has neither layers nor history");
        }
        Collections.reverse(rows);
        HistoryRow top = rows.getFirst();
        rows.set(0, new HistoryRow(image.manifest().config().digest().toString(), top.created(), top.createdBy(),
                top.size(), top.comment(), top.emptyLayer(), top.layer()));
        return List.copyOf(rows);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
