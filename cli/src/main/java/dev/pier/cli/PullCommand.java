package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.RegistriesConf;
import dev.pier.image.remote.RegistryOptions;
import dev.pier.image.remote.ShortNames;
import dev.pier.image.spec.Platform;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier pull REF}: a registry image into the local store, under its normalized name. */
@Command(name = "pull", description = "Pull an image from a registry into the local store, like podman pull.")
final class PullCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "IMAGE", description = "REGISTRY/REPO[:TAG|@DIGEST], with or without docker://.")
    String image;

    @Option(names = {"-a", "--all"}, description = "Pull every image of an index, and the index.")
    boolean all;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The image of an index to pull (default: this machine's).")
    String platform;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "6", description = "Blobs pulled at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but the image's digest.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        String text = image.startsWith("docker://") ? image.substring("docker://".length()) : image;
        var registry = registryFlags.options();
        List<Reference> candidates = ShortNames.candidates(text, RegistriesConf.load(registry));
        PierException last = null;
        for (Reference ref : candidates) {
            try {
                return pull(ref, registry);
            } catch (PierException e) {
                last = e; // not there, unreachable or refused: the next search registry may have it
            }
        }
        throw candidates.size() == 1 ? last
                : new PierException(text + ": not found in any search registry (" + candidates + "); last error: " + last.getMessage());
    }

    private int pull(Reference ref, RegistryOptions registry) throws Exception {
        CopyOptions options = new CopyOptions(all, Optional.ofNullable(platform).map(Platform::parse), Math.max(1, parallel));
        PrintWriter out = pier.out();
        try (ImageSource src = ImageLocation.parse("docker://" + ref, pier::store, registry).openSource();
             ImageDestination dst = ImageLocation.parse(ref.toString(), pier::store, registry).openDestination()) {
            CopyResult r = ImageCopier.copy(src, dst, options, Progress.listener(out, quiet));
            if (!quiet) {
                out.printf("Pulled %s %s (%d blobs copied, %d already present)%n", ref, r.manifest().digest(), r.blobsCopied(), r.blobsSkipped());
            } else {
                out.println(r.manifest().digest());
            }
        }
        return ExitCode.OK;
    }
}
