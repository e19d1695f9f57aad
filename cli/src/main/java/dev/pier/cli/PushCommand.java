package dev.pier.cli;

import dev.pier.image.ref.Reference;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier push LOCAL [DEST]}: a local image (or index, whole) to a registry. */
@Command(name = "push", description = "Push a local image to a registry, like podman push.")
final class PushCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    RegistryFlags registryFlags;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of a local image.")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION",
            description = "Where to push: docker://REGISTRY/REPO[:TAG] or any location of pier copy (default: the image's name).")
    String destination;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "6", description = "Blobs pushed at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but the pushed digest.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        String dest = destination;
        if (dest == null) {
            dest = "docker://" + Reference.parse(image);
        } else if (!dest.matches("^(docker://|oci:|oci-archive:|docker-archive:|dir:).*")) {
            dest = "docker://" + Reference.parse(dest); // a bare REGISTRY/REPO[:TAG], as podman accepts it
        }
        CopyOptions options = new CopyOptions(true, Optional.empty(), Math.max(1, parallel));
        PrintWriter out = pier.out();
        var registry = registryFlags.options();
        try (ImageSource src = ImageLocation.parse(image, pier::store, registry).openSource();
             ImageDestination dst = ImageLocation.parse(dest, pier::store, registry).openDestination()) {
            CopyResult r = ImageCopier.copy(src, dst, options, Progress.listener(out, quiet));
            if (!quiet) {
                out.printf("Pushed %s %s (%d blobs copied, %d already present)%n", dst.describe(), r.manifest().digest(),
                        r.blobsCopied(), r.blobsSkipped());
            } else {
                out.println(r.manifest().digest());
            }
        }
        return ExitCode.OK;
    }
}
