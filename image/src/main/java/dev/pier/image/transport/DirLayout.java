package dev.pier.image.transport;

import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file names of skopeo's {@code dir:} transport: {@code manifest.json} for the top manifest,
 * {@code <encoded>.manifest.json} for the manifests of an index, blobs named by their encoded
 * sha256 digest ({@code sha512-<encoded>} otherwise), and a {@code version} file.
 */
final class DirLayout {
    static final String VERSION_FILE = "version";
    static final String VERSION = "Directory Transport Version: 1.1\n";

    private DirLayout() {}

    static Path manifest(Path dir, Optional<Digest> instance) {
        return instance.map(d -> dir.resolve(name(d) + ".manifest.json")).orElse(dir.resolve("manifest.json"));
    }

    static Path blob(Path dir, Digest d) {
        return dir.resolve(name(d));
    }

    private static String name(Digest d) {
        return d.algorithm() == DigestAlgorithm.SHA256 ? d.encoded() : d.algorithm().id() + "-" + d.encoded();
    }
}
