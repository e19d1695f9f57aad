package dev.pier.cli;

import dev.pier.image.remote.RegistryOptions;
import dev.pier.image.spec.Platform;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier copy SRC DST}: like {@code skopeo copy}, between any two transports. */
@Command(name = "copy", description = {
        "Copy an image from one location to another, like skopeo copy.",
        "Locations: docker://REGISTRY/REPO[:TAG|@DIGEST], oci:PATH[:REF], oci-archive:FILE[:REF], docker-archive:FILE[:REF], dir:PATH, or a local image name."})
final class CopyCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;


    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destination;

    @Option(names = {"-a", "--all"}, description = "Copy every image of an index, and the index.")
    boolean all;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The image of an index to copy (default: this machine's).")
    String platform;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "6", description = "Blobs copied at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--referrers", description = "Also copy the manifests that refer to the image (signatures, SBOMs), through the referrers API or its fallback tag.")
    boolean referrers;

    @Option(names = "--src-creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the source registry only (as skopeo's).")
    String srcCreds;

    @Option(names = "--dest-creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the destination registry only.")
    String destCreds;

    @Option(names = "--src-tls-verify", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Verify the source registry's TLS certificate (default: true; false also allows plain HTTP).")
    Boolean srcTlsVerify;

    @Option(names = "--dest-tls-verify", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Verify the destination registry's TLS certificate (default: true; false also allows plain HTTP).")
    Boolean destTlsVerify;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        CopyOptions options = new CopyOptions(all, Optional.ofNullable(platform).map(Platform::parse), Math.max(1, parallel), referrers);
        PrintWriter out = pier.out();
        try (ImageSource src = ImageLocation.parse(source, pier::store, side(srcCreds, "--src-creds", srcTlsVerify)).openSource();
             ImageDestination dst = ImageLocation.parse(destination, pier::store, side(destCreds, "--dest-creds", destTlsVerify))
                     .openDestination()) {
            CopyResult r = ImageCopier.copy(src, dst, options, Progress.listener(out, quiet));
            if (!quiet) {
                out.printf("Wrote %s %s (%d blobs copied, %d already present)%n",
                        dst.describe(), r.manifest().digest(), r.blobsCopied(), r.blobsSkipped());
            }
        }
        return ExitCode.OK;
    }

    /** The shared registry flags, with one side's own credentials and TLS setting over them. */
    private RegistryOptions side(String creds, String flag, Boolean tlsVerify) {
        RegistryOptions o = registryFlags.options();
        if (tlsVerify != null) {
            o = o.withTlsVerify(tlsVerify);
        }
        return creds == null ? o : o.withCreds(RegistryFlags.credentials(creds, flag));
    }
}
