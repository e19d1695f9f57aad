package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RootFs;
import dev.pier.image.store.OciLayout;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A hidden workload that {@code ./pier} runs after building the jar, under
 * {@code -XX:AOTCacheOutput}, so that the JDK's ahead-of-time cache holds the classes and profiles
 * of the common paths and later starts are faster. One workload per cache: {@code run} (a
 * container, as root) for the container commands, {@code copy} (copies to and from a registry
 * served by a JVM of its own, local copies, inspect, images) for the transfer commands, and
 * {@code all} (all of these with the registry in this JVM, then unpack and a Dockerfile build,
 * cold and cached) for every other command. A JVM started with a cache loads and links all of the
 * cache's classes first: 36 ms for the {@code run} cache, 54 ms for the {@code all} one (measured),
 * so the commands whose start is the time to beat get caches of their own. It writes only inside a
 * temporary directory, which it removes. Its command lines go through {@link Pier#run}, so the
 * quick parser ({@link QuickCommandLine}) is in every cache; {@code all} also sends {@code history}
 * and {@code --help} through picocli, which parses the commands outside the quick parser's table.
 */
@Command(name = "__aot-training", hidden = true)
public final class AotTrainingCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", defaultValue = "all", description = "run, copy or all")
    String workload;

    /**
     * Runs the workload named by the first argument (default {@code all}). The launcher starts this
     * class rather than the {@code __aot-training} command: parsing a command line would put the
     * command-line library's classes into caches whose commands never load them.
     */
    public static void main(String[] args) throws Exception {
        System.exit(new AotTrainingCommand(args.length > 0 ? args[0] : "all").call());
    }

    AotTrainingCommand() {}   // for picocli

    private AotTrainingCommand(String workload) {
        this.workload = workload;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("run", "copy", "all").contains(workload)) {
            throw new PierException("__aot-training: unknown workload " + workload + " (run, copy or all)");
        }
        Path work = Files.createTempDirectory("pier-aot-");
        try {
            Path layout = work.resolve("src");
            writeImage(OciLayout.openOrCreate(layout));
            String store = work.resolve("store").toString();
            var sink = new java.io.PrintWriter(OutputStream.nullOutputStream());
            if (workload.equals("run")) {
                Pier.run(sink, sink, "--root", store, "copy", "oci:" + layout + ":t", "training:1");
            } else {
                copies(work, layout, store, sink, workload.equals("all"));
            }
            if (!workload.equals("copy") && "root".equals(System.getProperty("user.name"))) {
                // a container whose program is the init stub (it exits at once): pier run's code and native calls
                Pier.run(sink, sink, "--root", store, "run", "--rm", "--network", "none", "training:1", "/init");
            }
            if (workload.equals("all")) {
                Pier.run(sink, sink, "--root", store, "unpack", "training:1", work.resolve("rootfs").toString());
                Pier.run(sink, sink, "--root", store, "history", "training:1");   // picocli's parser (a negatable option)
                Pier.run(sink, sink, "--help");
                build(work, store, sink);
            }
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return ExitCode.OK;
    }

    /** Push, pull and inspect with Pier's own registry, then local copies. */
    private static void copies(Path work, Path layout, String store, java.io.PrintWriter sink, boolean serverInThisJvm) throws Exception {
        Path root = work.resolve("registry");
        try (var registry = serverInThisJvm ? TrainingRegistry.inThisJvm(root) : TrainingRegistry.ownJvm(root)) {
            String remote = "docker://" + registry.address() + "/training/app:1";
            for (String[] args : List.of(
                    new String[] {"--root", store, "copy", "--tls-verify=false", "oci:" + layout + ":t", remote},
                    new String[] {"--root", store, "copy", "--tls-verify=false", remote, "oci:" + work.resolve("pulled") + ":t"},
                    new String[] {"--root", store, "inspect", "--tls-verify=false", remote})) {
                Pier.run(sink, sink, args);
            }
        }
        for (String[] args : List.of(
                new String[] {"--root", store, "copy", "oci:" + layout + ":t", "oci:" + work.resolve("dst") + ":t"},
                new String[] {"--root", store, "copy", "oci:" + layout + ":t", "training:1"},
                new String[] {"--root", store, "copy", "training:1", "docker-archive:" + work.resolve("d.tar") + ":training:1"},
                new String[] {"--root", store, "images"},
                new String[] {"--root", store, "inspect", "training:1"})) {
            Pier.run(sink, sink, args);
        }
    }

    /** A Dockerfile build, then the same build cached: the parser, the builder and the layer cache. */
    private static void build(Path work, String store, java.io.PrintWriter sink) throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM training:1\nARG V=1\nENV A=$V\nCOPY f /f\nLABEL l=v\nCMD [\"/init\"]\n");
        Files.writeString(context.resolve("f"), "training\n");
        for (int i = 0; i < 2; i++) {
            Pier.run(sink, sink, "--root", store, "build", "-q", "--timestamp", "0", "-t", "training:2", context.toString());
        }
        Pier.run(sink, sink, "--root", store, "rmi", "training:2");
        Pier.run(sink, sink, "--root", store, "rmi", "training:1");
    }

    /** An image of one gzip layer with enough data (16 MiB) for hashing and inflating to be compiled. */
    private static void writeImage(OciLayout layout) throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        Path tmp = layout.dir().resolve("layer.tmp");
        WrittenLayer layer;
        try (OutputStream out = Files.newOutputStream(tmp);
             LayerWriter w = LayerWriter.open(out, Compression.GZIP, LayerOptions.reproducible().withCompressionLevel(1))) {
            w.addDirectory("data", EntryAttributes.of(0755));
            byte[] stub = dev.pier.runtime.init.InitStub.forThisMachine().orElse(new byte[0]);
            w.addFile("init", EntryAttributes.of(0755), stub.length, new ByteArrayInputStream(stub));
            for (int i = 0; i < 16; i++) {
                w.addFile("data/f" + i, EntryAttributes.of(0644), data.length, new ByteArrayInputStream(data));
            }
            layer = w.finish();
        }
        try (var in = Files.newInputStream(tmp)) {
            layout.blobs().put(layer.descriptor(), in);
        }
        Files.delete(tmp);
        ImageConfig config = new ImageConfig(null, null, dev.pier.image.spec.Platform.host().architecture(), "linux", null, null, null,
                ContainerConfig.EMPTY, new RootFs("layers", List.of(layer.diffId())), null);
        Descriptor configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, Json.write(config));
        byte[] manifest = Json.write(Manifest.oci(configDescriptor, List.of(layer.descriptor())));
        layout.tag("t", layout.blobs().put(MediaType.OCI_MANIFEST, manifest));
    }
}
