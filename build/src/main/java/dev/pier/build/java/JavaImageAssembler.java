package dev.pier.build.java;

import dev.pier.build.context.FileHashes;
import dev.pier.build.jlink.JlinkRuntime;
import dev.pier.build.jlink.ModuleDeps;
import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.ContainerConfigBuilder;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.spec.RootFs;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Does the work of {@link JavaContainer#containerizeTo}: layers, config, manifest, copy. */
final class JavaImageAssembler {
    private static final String CLASSPATH = JavaContainer.APP_ROOT + "/resources:" + JavaContainer.APP_ROOT
            + "/classes:" + JavaContainer.APP_ROOT + "/libs/*";
    private final JavaContainer c;
    private final Path cacheDir;
    private final FileHashes hashes;

    JavaImageAssembler(JavaContainer container) {
        this.c = container;
        this.cacheDir = container.cacheDir != null ? container.cacheDir : defaultCacheDir();
        this.hashes = FileHashes.load(cacheDir.resolve("file-hashes"));
    }

    /** {@code $XDG_CACHE_HOME/pier/java}, or {@code ~/.cache/pier/java}. */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pier").resolve("java");
    }

    JavaImage assemble(ImageDestination destination) throws IOException {
        if (c.entrypoint == null && (c.mainClass == null || c.mainClass.isBlank())) {
            throw new PierException("no main class: give one (--main-class), or an executable jar whose manifest names it");
        }
        String epoch = System.getenv(LayerOptions.SOURCE_DATE_EPOCH);
        Instant fromEnv = epoch != null && epoch.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(epoch)) : null;
        Instant fileTime = c.fileTime != null ? c.fileTime : fromEnv != null ? fromEnv : JavaContainer.DEFAULT_FILE_TIME;
        Instant created = c.created != null ? c.created : fromEnv != null ? fromEnv : Instant.EPOCH;
        ImageSource baseSource = c.base.isPresent()
                ? ImageLocation.parse(c.base.get(), c.storeSupplier(), c.registryOptions).openSource() : null;
        try {
            Image base = baseSource == null ? null : baseImage(baseSource);
            LayerBuilder builder = new LayerBuilder(cacheDir.resolve("layers"), fileTime, hashes);
            List<BuiltLayer> built = new ArrayList<>();
            for (LayerSpec spec : specs(base == null)) {
                if (!spec.isEmpty()) {
                    built.add(builder.build(spec));
                }
            }
            return write(base, baseSource, built, created, destination);
        } finally {
            hashes.save();
            if (baseSource != null) {
                baseSource.close();
            }
        }
    }

    private static Image baseImage(ImageSource source) throws IOException {
        RawManifest top = source.manifest();
        if (!top.isIndex()) {
            return source.image(top);
        }
        Platform host = Platform.host();
        Descriptor d = top.asIndex().forPlatform(host).orElseThrow(() ->
                new PierException(source.describe() + ": the base image has no manifest for " + host));
        return source.image(source.manifest(d));
    }

    private List<LayerSpec> specs(boolean noBase) throws IOException {
        List<LayerSpec> specs = new ArrayList<>();
        if (c.jlink) {
            List<Path> jars = Stream.concat(c.dependencies.stream(), c.snapshotDependencies.stream()).toList();
            SortedSet<String> modules = new TreeSet<>(ModuleDeps.of(c.classDirs, jars, cacheDir, hashes));
            modules.addAll(c.extraModules);
            Path runtime = JlinkRuntime.link(modules, cacheDir);
            if (noBase) {
                specs.add(ScratchRootfs.layer(runtime, c.user, cacheDir));
            }
            specs.add(LayerSpec.ofTree("java runtime (jlink " + String.join(",", modules) + ")", runtime,
                    JavaContainer.JAVA_HOME, true));
        }
        String libs = JavaContainer.APP_ROOT + "/libs";
        specs.add(LayerSpec.ofFiles("dependencies", c.dependencies, libs));
        specs.add(LayerSpec.ofFiles("snapshot dependencies", c.snapshotDependencies, libs));
        specs.add(merge("resources", c.resourceDirs, JavaContainer.APP_ROOT + "/resources", false));
        specs.add(merge("classes", c.classDirs, JavaContainer.APP_ROOT + "/classes", true));
        return specs;
    }

    private static LayerSpec merge(String name, List<Path> dirs, String target, boolean classes) {
        List<LayerEntry> entries = new ArrayList<>();
        for (Path dir : dirs) {
            entries.addAll(LayerSpec.ofTree(name, dir, target, false, rel -> rel.endsWith(".class") == classes).entries());
        }
        return new LayerSpec(name, entries);
    }

    private JavaImage write(Image base, ImageSource baseSource, List<BuiltLayer> built, Instant created,
                            ImageDestination destination) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<History> history = new ArrayList<>();
        ImageConfig baseConfig = base == null ? null : base.config();
        if (base != null) {
            for (Layer l : base.layers()) {
                layers.add(l.mediaType().equals(MediaType.DOCKER_LAYER_GZIP) ? l.descriptor().withMediaType(MediaType.OCI_LAYER_GZIP) : l.descriptor());
                diffIds.add(l.diffId());
            }
            history.addAll(baseConfig.history());
        }
        Map<Digest, Path> files = new HashMap<>();
        for (BuiltLayer l : built) {
            layers.add(l.descriptor());
            diffIds.add(l.diffId());
            files.put(l.descriptor().digest(), l.blob());
            history.add(new History(created.toString(), "pier java: " + l.name(), null, null, null));
        }
        List<String> entrypoint = entrypoint();
        ContainerConfig config = config(baseConfig == null ? ContainerConfig.EMPTY : baseConfig.config(), entrypoint);
        Platform p = baseConfig != null ? baseConfig.platform() : Platform.host();
        ImageConfig image = new ImageConfig(created.toString(), null, p.architecture(), p.os(), p.osVersion(),
                p.osFeatures(), p.variant(), config, new RootFs("layers", diffIds), history);
        byte[] configBytes = Json.write(image);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
        RawManifest manifest = RawManifest.of(Manifest.oci(configDescriptor, layers));
        var source = new AssembledImageSource(manifest, configDescriptor, configBytes, files, baseSource);
        CopyResult copy = ImageCopier.copy(source, destination, CopyOptions.defaults(), CopyListener.NONE);
        return new JavaImage(copy.manifest().digest(), configDescriptor.digest(), built, entrypoint, copy);
    }

    List<String> entrypoint() {
        if (c.entrypoint != null) {
            return c.entrypoint;
        }
        List<String> e = new ArrayList<>();
        e.add(c.jlink ? JavaContainer.JAVA_HOME + "/bin/java" : "java");
        e.addAll(c.jvmFlags);
        e.addAll(List.of("-cp", CLASSPATH, c.mainClass));
        return e;
    }

    private ContainerConfig config(ContainerConfig baseConfig, List<String> entrypoint) {
        ContainerConfigBuilder b = baseConfig.toBuilder().entrypoint(entrypoint)
                .cmd(c.programArguments.isEmpty() ? null : c.programArguments).user(c.user);
        if (c.jlink) {
            String path = baseConfig.env().stream().filter(v -> v.startsWith("PATH=")).findFirst()
                    .map(v -> v.substring(5)).orElse("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            b.env("JAVA_HOME", JavaContainer.JAVA_HOME).env("PATH", JavaContainer.JAVA_HOME + "/bin:" + path);
        }
        c.env.forEach(b::env);
        c.ports.forEach(b::exposedPort);
        c.labels.forEach(b::label);
        return b.build();
    }
}
