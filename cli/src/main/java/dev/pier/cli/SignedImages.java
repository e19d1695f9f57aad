package dev.pier.cli;

import dev.pier.image.sign.SignatureKeys;
import dev.pier.image.sign.SignatureVerifier;
import dev.pier.image.spec.Platform;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.nio.file.Path;

/** The image {@code pier run} runs: the host's image of the source, and with {@code --verify KEY} only a signed one. */
final class SignedImages {
    private SignedImages() {}

    /** The image to run; with a key, verified first, or a {@code SignatureException} naming why not. */
    static Image toRun(ImageSource source, Path keyOrNull) throws IOException {
        if (keyOrNull == null) {
            return source.image(Platform.host());
        }
        return SignatureVerifier.verifiedImage(source, Platform.host(), SignatureKeys.readPublic(keyOrNull));
    }
}
