package dev.pier.cli;

import dev.pier.analyze.squash.ImageSquasher;
import dev.pier.analyze.squash.SquashRange;
import dev.pier.analyze.squash.SquashResult;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier squash IMAGE}: merge the top layers into one. */
@Command(name = "squash", description = "Squash the top layers of an image into one, leaving out what later layers deleted or overwrote.")
final class SquashCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(paramLabel = "IMAGE", description = "An image location (see pier copy --help).")
    String image;

    @ArgGroup(exclusive = true)
    Range range;

    static final class Range {
        @Option(names = "--last", paramLabel = "N", description = "Squash the last N layers.")
        Integer last;

        @Option(names = "--from", paramLabel = "DIGEST", description = "Squash from the layer with this digest or diff_id to the top.")
        String from;

        @Option(names = "--all", description = "Squash every layer (the default).")
        boolean all;
    }

    @Option(names = {"-t", "--tag"}, paramLabel = "NEW", description = "Where to write the result (default: replace IMAGE).")
    String target;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        SquashRange r = range == null || range.all ? new SquashRange.All()
                : range.last != null ? new SquashRange.Last(range.last) : new SquashRange.From(range.from);
        SquashResult result;
        try (ImageSource src = ImageLocation.parse(image, pier::store).openSource();
             ImageDestination dst = ImageLocation.parse(target != null ? target : image, pier::store).openDestination()) {
            result = ImageSquasher.squash(src.image(dev.pier.image.spec.Platform.host()), r, dst);
        }
        if (!quiet) {
            result.warnings().forEach(w -> pier.err().println("warning: " + w));
            pier.out().println("squashed " + result.squashed() + " of " + result.layersBefore()
                    + " layers into one: " + result.manifest().digest());
        }
        return ExitCode.OK;
    }
}
