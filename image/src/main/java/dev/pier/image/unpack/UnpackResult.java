package dev.pier.image.unpack;

import dev.pier.image.layer.ApplyResult;
import java.util.List;

/** What unpacking did: one {@link ApplyResult} per layer, in order. */
public record UnpackResult(List<ApplyResult> layers) {
    public UnpackResult {
        layers = List.copyOf(layers);
    }

    public long entries() {
        return layers.stream().mapToLong(ApplyResult::entries).sum();
    }

    public long bytes() {
        return layers.stream().mapToLong(ApplyResult::bytes).sum();
    }
}
