package dev.pier.analyze.slim;

import dev.pier.analyze.trace.ImageTree;
import dev.pier.analyze.trace.SeccompProfile;
import dev.pier.analyze.trace.CapabilityInference;
import dev.pier.analyze.trace.TracedRun;
import dev.pier.analyze.trace.FileAccess;
import dev.pier.analyze.trace.TraceReader;
import dev.pier.analyze.trace.Syscall;
import dev.pier.image.PierException;
import dev.pier.image.io.FileTrees;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.spec.RootFs;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.Layer;
import dev.pier.image.transport.OciLayoutSource;
import dev.pier.image.unpack.ImageUnpacker;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.RunRequest;
import dev.pier.runtime.engine.SeccompProfiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * {@code pier slim}: runs an image under strace in Pier's runtime, keeps only the files the run
 * used (with the symlinks, ELF interpreters and libraries they need, see {@link KeepSet}), and
 * writes a one-layer image of them with the original config. From the same trace it derives a
 * seccomp profile ({@link SeccompProfile}) and the capabilities the run needed
 * ({@link CapabilityInference}). Needs root, as {@code pier run} does.
 */
public final class ImageSlimmer {
    /** Kept whatever the run did: user and name lookups, and the files the runtime mounts over. */
    static final List<String> ALWAYS = List.of("/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/hostname",
            "/etc/resolv.conf");
    /** Directories the runtime mounts on or programs expect, kept empty. */
    static final List<String> MOUNT_POINTS = List.of("/proc", "/sys", "/dev", "/tmp", "/run");

    private ImageSlimmer() {}

    /**
     * Slims {@code image} (called {@code imageName}) by running it in {@code engine} as
     * {@code options} say, and writes the result to {@code destination} (committed).
     *
     * @throws PierException when the program could not be traced (strace missing, the container
     *     did not start, the program never ran)
     */
    public static SlimResult slim(Image image, String imageName, SlimOptions options, ContainerEngine engine,
                                  ImageDestination destination) throws IOException, InterruptedException {
        TracedRun.requireStrace("pier slim");
        Files.createDirectories(engine.root());
        Path work = Files.createTempDirectory(engine.root(), "slim-");
        try {
            Path rootfs = work.resolve("rootfs");
            ImageUnpacker.withDefaults().unpackInto(image, rootfs);
            ImageTree tree = new ImageTree(rootfs);
            ContainerConfig config = image.config().config();
            Path traceFile = work.resolve("trace.txt");
            TracedRun.Outcome outcome = TracedRun.run(engine, request(image, imageName, options), true, traceFile, options.stop());
            TraceReader.Trace trace = outcome.trace();
            List<Syscall> calls = trace.calls();
            KeepSet keep = keepSet(tree, config, options, calls);
            OciLayout layout = OciLayout.openOrCreate(work.resolve("layout"));
            Path layerFile = work.resolve("layer");
            WrittenLayer written;
            SlimLayer.Content kept;
            try (OutputStream out = Files.newOutputStream(layerFile);
                 LayerWriter w = LayerWriter.open(out, Compression.GZIP, LayerOptions.preserveTimes().withXattrs(false))) {
                kept = SlimLayer.write(tree, keep.paths(), w);
                written = w.finish();
            }
            layout.blobs().putFromFile(written.descriptor(), layerFile);
            ImageConfig newConfig = image.config().withRootFs(new RootFs("layers", List.of(written.diffId())))
                    .withConfig(SlimConfig.config(config, options))
                    .withHistory(SlimConfig.history(image.config(), kept.files(), options));
            Descriptor configDescriptor = layout.blobs().put(MediaType.OCI_CONFIG, Json.write(newConfig));
            RawManifest manifest = RawManifest.of(Manifest.oci(configDescriptor, List.of(written.descriptor())));
            layout.tag("slim", layout.blobs().put(MediaType.OCI_MANIFEST, manifest.bytes()));
            try (var src = new OciLayoutSource(layout, Optional.of("slim"), "slim image")) {
                ImageCopier.copy(src, destination, CopyOptions.defaults(), CopyListener.NONE);
            }
            SlimLayer.Content original = SlimLayer.measure(rootfs);
            long compressedBefore = image.layers().stream().mapToLong(Layer::size).sum();
            var seccomp = SeccompProfile.of(trace, SeccompProfiles.pierDefault(List.of()).architectures());
            return new SlimResult(manifest.descriptor(),
                    new SlimResult.Size(compressedBefore, original.bytes(), original.files()),
                    new SlimResult.Size(written.descriptor().size(), kept.bytes(), kept.files()),
                    outcome.exitStatus(), outcome.probeStatus(), (int) calls.stream().map(Syscall::name).distinct().count(), seccomp,
                    CapabilityInference.infer(calls, tree, CapabilityInference.User.of(rootfs, config.user())));
        } finally {
            FileTrees.delete(work);
        }
    }

    private static RunRequest request(Image image, String imageName, SlimOptions options) {
        // The probe reaches the server on the host's ports (there is no -p yet): that needs the host's
        // network, a setting pier run refuses unless allowed; asking for a probe is asking for it.
        boolean probe = options.probe().isPresent();
        return new RunRequest(image, imageName, null, options.command(), options.entrypoint().orElse(null), options.env(), null, null,
                null, null, null, null, null, false, probe ? "host" : "none", false, null, null,
                new RunRequest.Protection(java.util.List.of(), dev.pier.runtime.engine.DriftMode.OFF, probe));
    }

    private static KeepSet keepSet(ImageTree tree, ContainerConfig config, SlimOptions options, List<Syscall> calls) {
        String ldLibraryPath = env(config, options, "LD_LIBRARY_PATH").orElse("");
        KeepSet keep = new KeepSet(tree, new LibrarySearch(tree, ldLibraryPath));
        MOUNT_POINTS.forEach(keep::addMountPoint);
        if (config.workingDir() != null && !config.workingDir().isEmpty()) {
            keep.addMountPoint(config.workingDir());
        }
        ALWAYS.forEach(keep::add);
        options.include().forEach(keep::add);
        for (FileAccess a : FileAccess.of(calls)) {
            keep.add(a.path());
        }
        return keep;
    }

    private static Optional<String> env(ContainerConfig config, SlimOptions options, String name) {
        List<String> all = new ArrayList<>(config.env());
        all.addAll(options.env());
        Optional<String> value = Optional.empty();
        for (String e : all) {
            if (e.startsWith(name + "=")) {
                value = Optional.of(e.substring(name.length() + 1));
            }
        }
        return value;
    }

    /** The kept paths, for reports and tests: what {@link KeepSet#paths()} gives for this trace. */
    static SortedSet<String> keptPaths(ImageTree tree, ContainerConfig config, SlimOptions options, List<Syscall> calls) {
        return keepSet(tree, config, options, calls).paths();
    }
}
