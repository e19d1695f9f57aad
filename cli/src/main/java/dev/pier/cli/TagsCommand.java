package dev.pier.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.RegistrySource;
import dev.pier.image.spec.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pier tags docker://REPO}: a repository's tags, like {@code skopeo list-tags}. */
@Command(name = "tags", description = "List the tags of a registry repository, like skopeo list-tags.")
final class TagsCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "REPOSITORY", description = "docker://REGISTRY/REPO")
    String repository;

    /** The output, as skopeo list-tags prints it. */
    record Listing(@JsonProperty("Repository") String repository, @JsonProperty("Tags") List<String> tags) {}

    @Override
    public Integer call() throws Exception {
        Reference ref = RemoteRefs.parse(repository, "tags");
        try (RegistrySource src = new RegistrySource(ref, registryFlags.options())) {
            List<String> tags = src.repository().tags();
            pier.out().println(Json.pretty(new Listing(ref.repository(), tags)));
        }
        return ExitCode.OK;
    }
}
