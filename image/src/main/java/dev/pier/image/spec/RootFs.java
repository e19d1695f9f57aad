package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pier.image.digest.Digest;
import java.util.List;

/** {@code rootfs} of an image config: the digests of the uncompressed layers, in order. */
public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    public RootFs {
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }
}
