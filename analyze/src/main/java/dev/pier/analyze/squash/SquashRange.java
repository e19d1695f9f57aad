package dev.pier.analyze.squash;

import dev.pier.image.PierException;
import dev.pier.image.transport.Layer;
import java.util.List;

/** Which layers {@code pier squash} merges: always a run that ends at the top layer. */
public sealed interface SquashRange {
    /** The index of the first layer to squash, for an image with these layers. */
    int start(List<Layer> layers);

    /** The last {@code n} layers. */
    record Last(int n) implements SquashRange {
        @Override
        public int start(List<Layer> layers) {
            if (n < 1 || n > layers.size()) {
                throw new PierException("--last " + n + ": the image has " + layers.size() + " layers");
            }
            return layers.size() - n;
        }
    }

    /** From the layer with this blob digest or diff_id (a unique prefix is enough) to the top. */
    record From(String digest) implements SquashRange {
        @Override
        public int start(List<Layer> layers) {
            String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
            int found = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).digest().encoded().startsWith(hex) || layers.get(i).diffId().encoded().startsWith(hex)) {
                    if (found >= 0 && found != i) {
                        throw new PierException("--from " + digest + " matches more than one layer; give more digits");
                    }
                    found = i;
                }
            }
            if (found < 0 || hex.isEmpty()) {
                throw new PierException("--from " + digest + ": no layer of the image has this digest or diff_id");
            }
            return found;
        }
    }

    /** Every layer. */
    record All() implements SquashRange {
        @Override
        public int start(List<Layer> layers) {
            if (layers.isEmpty()) {
                throw new PierException("the image has no layers to squash");
            }
            return 0;
        }
    }
}
