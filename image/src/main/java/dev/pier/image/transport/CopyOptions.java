package dev.pier.image.transport;

import dev.pier.image.spec.Platform;
import java.util.Optional;

/**
 * How {@link ImageCopier} treats an index: with {@code all} every image of it is copied and the
 * index kept; otherwise only the image for {@code platform} (the host's by default), as skopeo does.
 * {@code parallelism} bounds how many blobs move at once. With {@code referrers}, manifests whose
 * {@code subject} is a copied manifest come along, and theirs in turn.
 */
public record CopyOptions(boolean all, Optional<Platform> platform, int parallelism, boolean referrers) {
    public CopyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public CopyOptions(boolean all, Optional<Platform> platform, int parallelism) {
        this(all, platform, parallelism, false);
    }

    public static CopyOptions defaults() {
        return new CopyOptions(false, Optional.empty(), 6, false);
    }

    public CopyOptions withAll(boolean newAll) {
        return new CopyOptions(newAll, platform, parallelism, referrers);
    }

    public CopyOptions withPlatform(Optional<Platform> newPlatform) {
        return new CopyOptions(all, newPlatform, parallelism, referrers);
    }

    /** Also copy the manifests that refer to the copied ones (signatures, SBOMs), recursively. */
    public CopyOptions withReferrers(boolean newReferrers) {
        return new CopyOptions(all, platform, parallelism, newReferrers);
    }
}
