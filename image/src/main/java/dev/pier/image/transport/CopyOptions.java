package dev.pier.image.transport;

import dev.pier.image.spec.Platform;
import java.util.Optional;

/**
 * How {@link ImageCopier} treats an index: with {@code all} every image of it is copied and the
 * index kept; otherwise only the image for {@code platform} (the host's by default), as skopeo does.
 * {@code parallelism} bounds how many blobs move at once.
 */
public record CopyOptions(boolean all, Optional<Platform> platform, int parallelism) {
    public CopyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static CopyOptions defaults() {
        return new CopyOptions(false, Optional.empty(), 4);
    }

    public CopyOptions withAll(boolean newAll) {
        return new CopyOptions(newAll, platform, parallelism);
    }

    public CopyOptions withPlatform(Optional<Platform> newPlatform) {
        return new CopyOptions(all, newPlatform, parallelism);
    }
}
