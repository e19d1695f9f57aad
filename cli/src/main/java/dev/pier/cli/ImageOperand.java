package dev.pier.cli;

import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The one IMAGE operand of the commands that read an image wherever it is (inspect, history,
 * analyze, scan, sign, verify), with the registry flags that reaching it may need.
 */
final class ImageOperand {
    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "IMAGE", description = "An image location (see pier copy --help).")
    String image;

    /** Where the image is: a local name in {@code pier}'s store, any other location as written. */
    ImageLocation location(Pier pier) {
        return ImageLocation.parse(image, pier::store, registryFlags.options());
    }

    /** Opens the image for reading. */
    ImageSource open(Pier pier) throws IOException {
        return location(pier).openSource();
    }
}
