package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.DefaultSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spec}: writes a default config.json. */
@Command(name = "spec", description = "Create a new specification file (config.json).")
final class SpecCommand implements Callable<Integer> {
    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "Bundle directory (default: the current directory).")
    Path bundle = Path.of(".");

    @Option(names = "--rootless", description = "A spec for a rootless container (a user namespace mapping the caller to root).")
    boolean rootless;

    @Override
    public Integer call() throws Exception {
        Path config = bundle.resolve("config.json");
        if (Files.exists(config)) {
            throw new RuntimeError("File " + config + " exists. Remove it first");
        }
        var sys = new com.sun.security.auth.module.UnixSystem();
        Files.writeString(config, Json.pretty(DefaultSpec.create(rootless, sys.getUid(), sys.getGid())) + "\n");
        return 0;
    }
}
