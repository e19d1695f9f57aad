package dev.pier.analyze.squash;

import dev.pier.image.spec.Descriptor;
import java.util.List;

/**
 * What {@link ImageSquasher} produced.
 *
 * @param manifest the new image's manifest descriptor
 * @param layersBefore how many layers the image had
 * @param layersAfter how many it has now
 * @param squashed how many layers became one
 * @param warnings what the squashed layer could not carry over
 */
public record SquashResult(Descriptor manifest, int layersBefore, int layersAfter, int squashed, List<String> warnings) {
    public SquashResult {
        warnings = List.copyOf(warnings);
    }
}
