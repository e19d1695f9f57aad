package dev.pier.cli;

import dev.pier.image.ref.Reference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier tag SOURCE TARGET}: another name for a local image, like {@code docker tag}. */
@Command(name = "tag", description = "Give a local image another name.")
final class TagCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "Name or id of a local image.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new name, e.g. registry.example/app:1.0.")
    String target;

    @Override
    public Integer call() throws Exception {
        pier.store().tag(source, Reference.parse(target));
        return ExitCode.OK;
    }
}
