package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.Bundle;
import dev.pier.runtime.container.DefaultSpec;
import dev.pier.runtime.init.ContainerInit;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * A hidden workload that {@code ./pier-runc} runs once after the jar is built, under
 * {@code -XX:AOTCacheOutput}: the JDK's ahead-of-time cache then holds the classes of the command
 * line and of the container's init (which cannot train itself: it ends in execve), and both start
 * faster. It writes only inside a temporary directory, which it removes.
 */
@Command(name = "__aot-training", hidden = true)
final class AotTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("pier-runc-aot-");
        try {
            Files.createDirectories(work.resolve("rootfs"));
            PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
            Path root = work.resolve("state");
            for (String[] args : List.of(
                    new String[] {"spec", "--bundle", work.toString()},
                    new String[] {"--root", root.toString(), "list"},
                    new String[] {"--root", root.toString(), "list", "--format", "json"},
                    new String[] {"--root", root.toString(), "state", "none"},
                    new String[] {"--root", root.toString(), "features"})) {
                PierRunc.run(sink, sink, args);
            }
            Bundle bundle = Bundle.open(work);
            Json.pretty(bundle.spec());
            Json.read(Json.write(DefaultSpec.create(false, 0, 0)), dev.pier.runtime.spec.Spec.class, "config.json");
            ContainerInit.train(bundle.spec());
            return 0;
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
