package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.RegistrySource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pier delete docker://REF}: deletes a manifest from a registry, like {@code skopeo delete}. */
@Command(name = "delete", description = "Delete an image's manifest from a registry, like skopeo delete (the registry must allow deletes).")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "IMAGE", description = "docker://REGISTRY/REPO:TAG or docker://REGISTRY/REPO@DIGEST")
    String image;

    @Override
    public Integer call() throws Exception {
        Reference ref = RemoteRefs.parse(image, "delete");
        try (RegistrySource src = new RegistrySource(ref, registryFlags.options())) {
            Digest digest = ref.digest().isPresent() ? ref.digest().get()
                    : src.repository().headManifest(ref.manifestReference()).orElseThrow(() ->
                            new PierException(ref + ": no such manifest in the registry")).digest();
            src.repository().deleteManifest(digest);
            pier.out().println("Deleted " + ref.repository() + "@" + digest);
        }
        return ExitCode.OK;
    }
}
