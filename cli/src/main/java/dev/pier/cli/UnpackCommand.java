package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.image.layer.ExtractOptions;
import dev.pier.image.spec.Platform;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.unpack.ImageUnpacker;
import dev.pier.image.unpack.UnpackResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier unpack IMAGE DIR}: the image's layers flattened into a directory. */
@Command(name = "unpack", description = "Flatten an image's layers into a directory (like the rootfs of umoci unpack).")
final class UnpackCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image location (see pier copy --help).")
    String image;

    @Parameters(index = "1", paramLabel = "DIR", description = "Directory to create; it must not exist or be empty.")
    Path dir;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The image of an index to unpack (default: this machine's).")
    String platform;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "Stop when the layers expand beyond this many bytes (default: 64 GiB).")
    Long maxSize;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ExtractOptions options = ExtractOptions.defaults();
        if (maxSize != null) {
            options = options.withMaxBytes(maxSize);
        }
        try (ImageSource src = ImageLocation.parse(image, pier::store).openSource()) {
            Platform wanted = Optional.ofNullable(platform).map(Platform::parse).orElseGet(Platform::host);
            ImageUnpacker unpacker = new ImageUnpacker(Math.max(2, Runtime.getRuntime().availableProcessors()), options);
            UnpackResult r = unpacker.unpackInto(src.image(wanted), dir);
            if (!quiet) {
                pier.out().printf("Unpacked %d layers (%d entries, %s) into %s%n",
                        r.layers().size(), r.entries(), ByteSizes.human(r.bytes()), dir);
            }
        }
        return ExitCode.OK;
    }
}
