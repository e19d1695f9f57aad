package dev.pier.cli;

import dev.pier.image.store.StoredImage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pier rmi NAME...}: removes names from the local store and the blobs no name uses any more. */
@Command(name = "rmi", description = "Remove local images (their blobs go when no other image uses them).")
final class RmiCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ids of local images.")
    List<String> images;

    @Override
    public Integer call() throws Exception {
        for (String image : images) {
            StoredImage removed = pier.store().remove(image);
            spec.commandLine().getOut().println("Untagged: " + removed.name());
        }
        return ExitCode.OK;
    }
}
