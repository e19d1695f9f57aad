package dev.pier.build.run;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.ChrootLauncher;
import dev.pier.runtime.container.Containers;
import dev.pier.runtime.container.Creator;
import dev.pier.runtime.container.LaunchOptions;
import dev.pier.runtime.container.Runner;
import dev.pier.runtime.engine.NetworkFiles;
import dev.pier.runtime.init.ChrootInit;
import dev.pier.runtime.spec.Spec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one RUN process to its end, its stdout and stderr streamed line by line, the last lines
 * kept for errors: a container of the Pier runtime ({@link Creator}, {@link Runner}) from a
 * bundle it writes, or the same process chrooted without namespaces ({@link ChrootLauncher}).
 */
final class ContainerProcess {
    private static final int TAIL = 10;

    /**
     * How it ended.
     *
     * @param status the exit status
     * @param tail the last lines of its output
     */
    record Result(int status, List<String> tail) {}

    private ContainerProcess() {}

    /** Runs {@code spec} as container {@code id}, with state and bundle under {@code work}. */
    static Result run(String id, Spec spec, Path work, Consumer<String> output) throws IOException {
        Path bundle = Files.createDirectories(work.resolve("bundle"));
        Files.write(bundle.resolve("config.json"), Json.write(spec));
        Containers containers = new Containers(work.resolve("state"));
        Creator.Created created = new Creator(containers, false, Creator.Stdio.piped())
                .create(id, bundle, new LaunchOptions(false, 0, null, false), null);
        if (spec.linux().namespace("network").filter(n -> n.path() == null).isPresent()) {
            NetworkFiles.loopbackUp(created.info().pid());   // BuildKit's none network has lo up
        }
        return collect(created.launcher(), output, () -> new Runner(containers).run(id, created, false).status(),
                () -> containers.delete(id, true));
    }

    /**
     * Runs the process of {@code spec} chrooted into its root, without namespaces or mounts
     * ({@link ChrootLauncher}), with {@code files} (absolute path to content) written for it, the
     * request file under {@code work}.
     */
    static Result chroot(Spec spec, Map<String, String> files, Path work, Consumer<String> output) throws IOException {
        java.lang.Process p = ChrootLauncher.start(new ChrootInit.Request(spec.root().path(), spec.process(), files),
                work.resolve("chroot.json"), Creator.Stdio.piped());
        return collect(p, output, p::waitFor, () -> { });
    }

    /** Waits for the process's exit status. */
    private interface Exit {
        int await() throws InterruptedException, IOException;
    }

    /** Streams the output of {@code launcher} until {@code exit} returns; {@code abandon} cleans up after an interruption. */
    private static Result collect(java.lang.Process launcher, Consumer<String> output, Exit exit, Runnable abandon)
            throws IOException {
        ArrayDeque<String> tail = new ArrayDeque<>();
        Consumer<String> sink = line -> {
            synchronized (tail) {
                if (tail.size() == TAIL) {
                    tail.removeFirst();
                }
                tail.addLast(line);
                output.accept(line);
            }
        };
        Thread out = Thread.ofVirtual().start(() -> pump(launcher.getInputStream(), sink));
        Thread err = Thread.ofVirtual().start(() -> pump(launcher.getErrorStream(), sink));
        try {
            int status = exit.await();
            out.join();
            err.join();
            synchronized (tail) {
                return new Result(status, List.copyOf(tail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            abandon.run();
            throw new IOException("interrupted while RUN was running", e);
        }
    }

    private static void pump(InputStream in, Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the container closed its output
        }
    }
}
