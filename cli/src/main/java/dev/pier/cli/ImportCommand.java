package dev.pier.cli;

import dev.pier.image.config.ConfigChange;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageImporter;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImportOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier import PATH NAME}: a one-layer image from a directory or a tar, like {@code podman import}. */
@Command(name = "import", description = "Create an image from a directory tree or a tar archive, like podman import.")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(index = "0", paramLabel = "PATH", description = "A directory, or a tar archive (plain, gzip or zstd).")
    Path source;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "Where to write the image: a local name or any location (see pier copy --help).")
    String target;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the config: CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, VOLUME, STOPSIGNAL.")
    List<String> changes = List.of();

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ContainerConfig config = ContainerConfig.EMPTY;
        for (String change : changes) {
            config = ConfigChange.parse(change).applyTo(config);
        }
        try (ImageDestination dst = ImageLocation.parse(target, pier::store).openDestination()) {
            CopyResult r = ImageImporter.importPath(source, dst, ImportOptions.defaults().withConfig(config));
            if (!quiet) {
                pier.out().println(r.manifest().digest());
            }
        }
        return ExitCode.OK;
    }
}
