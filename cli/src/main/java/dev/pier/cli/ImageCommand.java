package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.LayerStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier image prune}: the local store's part of {@code podman image prune}. */
@Command(name = "image", description = "Manage the local images' storage.", subcommands = ImageCommand.Prune.class)
final class ImageCommand implements Runnable {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Removes the extracted layers no stored image and no container uses, and the blobs no stored
     * image reaches; prints what it removed; returns the bytes reclaimed.
     */
    static long reclaim(Pier pier, PrintWriter out) throws java.io.IOException {
        LayerStore.Pruned layers = new ContainerEngine(pier.storeRoot()).pruneLayers();
        long blobs = pier.store().collectGarbage();
        out.println("Removed " + layers.layers() + " extracted layer" + (layers.layers() == 1 ? "" : "s") + " ("
                + ByteSizes.human(layers.bytes()) + ") and " + ByteSizes.human(blobs) + " of unused blobs");
        return layers.bytes() + blobs;
    }

    @Command(name = "prune", description = {"Remove extracted layers that no local image and no container (running or stopped) uses,",
            "and blobs no local image references. Layers of local images stay extracted, for the next run."})
    static final class Prune implements Callable<Integer> {
        @ParentCommand
        ImageCommand parent;

        @Option(names = {"-f", "--force"}, description = "Accepted for podman's habits: this prune asks nothing.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            out.println("Total reclaimed space: " + ByteSizes.human(reclaim(parent.pier, out)));
            return ExitCode.OK;
        }
    }
}
