package dev.pier.cli;

import dev.pier.image.store.StoredImage;
import dev.pier.runtime.engine.ContainerEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier rmi NAME...}: removes names from the local store, the blobs no name uses any more and the extracted layers nothing uses. */
@Command(name = "rmi", description = "Remove local images (their blobs and extracted layers go when no other image, nor a container, uses them).")
final class RmiCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ids of local images.")
    List<String> images;

    @Override
    public Integer call() throws Exception {
        for (String image : images) {
            StoredImage removed = pier.store().remove(image);
            pier.out().println("Untagged: " + removed.name());
        }
        new ContainerEngine(pier.storeRoot()).pruneLayers();   // the blobs went already; their extracted layers go unless a container uses them
        return ExitCode.OK;
    }
}
