package dev.pier.build.java;

import dev.pier.image.PierException;
import dev.pier.image.remote.RegistryOptions;
import dev.pier.image.store.LocalStore;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Builds an image of a Java application without a Dockerfile, as Jib does:
 *
 * <pre>{@code
 * JavaContainer.from("scratch")
 *     .dependencies(jars)              // release jars -> /app/libs, one layer
 *     .resources(Path.of("target/classes"))
 *     .classes(Path.of("target/classes"))
 *     .mainClass("com.example.Main")
 *     .jlink(true)                      // a jlinked runtime at /opt/java
 *     .exposedPorts(8080)
 *     .containerizeTo("hello-web");     // any location: a store name, oci:DIR, docker://...
 * }</pre>
 *
 * <p>Layers, after the base's, in the order of how rarely they change: the jlinked runtime (and,
 * on no base, the shared libraries and {@code /etc/passwd}), dependencies, snapshot dependencies
 * ({@code *-SNAPSHOT*.jar}), resources, classes. Each is reproducible (sorted entries, owner 0:0,
 * files 0644 and directories 0755, every mtime 1970-01-01T00:00:01Z or {@code SOURCE_DATE_EPOCH}),
 * so the same inputs give the same digest; a layer whose inputs did not change is taken from the
 * cache, and the copy to the destination skips the blobs it already has.
 *
 * <p>The entrypoint is {@code java <jvmFlags> -cp /app/resources:/app/classes:/app/libs/* <mainClass>}
 * ({@code /opt/java/bin/java} with jlink); program arguments become {@code Cmd}. The user
 * defaults to {@code 65532:65532}, not root. Not thread-safe; one instance per build.
 */
public final class JavaContainer {
    /** Where the application goes in the image. */
    public static final String APP_ROOT = "/app";
    /** Where a jlinked runtime goes in the image. */
    public static final String JAVA_HOME = "/opt/java";
    /** The default user: not root, as distroless's {@code nonroot}. */
    public static final String DEFAULT_USER = "65532:65532";
    /** The default mtime of every file, as Jib's. */
    public static final Instant DEFAULT_FILE_TIME = Instant.ofEpochSecond(1);

    final Optional<String> base;
    final List<Path> dependencies = new ArrayList<>();
    final List<Path> snapshotDependencies = new ArrayList<>();
    final List<Path> resourceDirs = new ArrayList<>();
    final List<Path> classDirs = new ArrayList<>();
    String mainClass;
    final List<String> jvmFlags = new ArrayList<>();
    final List<String> programArguments = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    final TreeSet<String> ports = new TreeSet<>();
    final Map<String, String> labels = new TreeMap<>();
    String user = DEFAULT_USER;
    List<String> entrypoint;
    boolean jlink;
    final TreeSet<String> extraModules = new TreeSet<>();
    Instant fileTime;
    Instant created;
    Path cacheDir;
    Supplier<LocalStore> store;
    RegistryOptions registryOptions = RegistryOptions.defaults();

    private JavaContainer(Optional<String> base) {
        this.base = base;
    }

    /**
     * Starts from a base image at any location ({@code docker://...}, {@code oci:DIR}, a store
     * name), or from nothing when it is {@code scratch} or {@code none}.
     */
    public static JavaContainer from(String baseLocation) {
        boolean none = baseLocation == null || baseLocation.equals("scratch") || baseLocation.equals("none");
        return new JavaContainer(none ? Optional.empty() : Optional.of(baseLocation));
    }

    /** Starts from nothing: the image holds only what Pier adds (use {@link #jlink(boolean)} for a runtime). */
    public static JavaContainer fromScratch() {
        return from("scratch");
    }

    /** Adds the parts of an application: jars, output directories split into classes and resources, main class. */
    public JavaContainer app(JavaApp app) {
        dependencies.addAll(app.dependencies());
        snapshotDependencies.addAll(app.snapshotDependencies());
        resourceDirs.addAll(app.outputDirectories());
        classDirs.addAll(app.outputDirectories());
        app.mainClass().ifPresent(m -> { if (mainClass == null) mainClass = m; });
        return this;
    }

    /** Adds dependency jars; those named {@code *-SNAPSHOT*.jar} go to the snapshot layer. */
    public JavaContainer dependencies(List<Path> jars) {
        jars.forEach(j -> (JavaApp.isSnapshot(j) ? snapshotDependencies : dependencies).add(j));
        return this;
    }

    /** Adds jars to the snapshot dependencies layer, whatever their names. */
    public JavaContainer snapshotDependencies(List<Path> jars) {
        snapshotDependencies.addAll(jars);
        return this;
    }

    /** Adds the files of {@code dir} but its {@code .class} files to {@code /app/resources}. */
    public JavaContainer resources(Path dir) {
        resourceDirs.add(dir);
        return this;
    }

    /** Adds the {@code .class} files of {@code dir} to {@code /app/classes}. */
    public JavaContainer classes(Path dir) {
        classDirs.add(dir);
        return this;
    }

    /** The class whose {@code main} runs. Required unless {@link #entrypoint(List)} is set. */
    public JavaContainer mainClass(String className) {
        this.mainClass = className;
        return this;
    }

    /** JVM flags placed before {@code -cp} in the entrypoint. */
    public JavaContainer jvmFlags(List<String> flags) {
        jvmFlags.addAll(flags);
        return this;
    }

    /** Arguments for {@code main}, stored as the image's {@code Cmd}. */
    public JavaContainer programArguments(List<String> args) {
        programArguments.addAll(args);
        return this;
    }

    /** An environment variable (later values of the same name win, also over the base's). */
    public JavaContainer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Ports the application listens on, TCP. */
    public JavaContainer exposedPorts(int... tcpPorts) {
        for (int p : tcpPorts) {
            if (p < 1 || p > 65535) {
                throw new PierException("port " + p + " is out of range 1-65535");
            }
            ports.add(p + "/tcp");
        }
        return this;
    }

    /** Ports as docker writes them: {@code 8080}, {@code 8080/tcp}, {@code 53/udp}. */
    public JavaContainer exposedPorts(List<String> specs) {
        for (String s : specs) {
            if (!s.matches("\\d{1,5}(/(tcp|udp|sctp))?")) {
                throw new PierException("invalid port \"" + s + "\": expected PORT or PORT/PROTOCOL");
            }
            ports.add(s.contains("/") ? s : s + "/tcp");
        }
        return this;
    }

    public JavaContainer labels(Map<String, String> more) {
        labels.putAll(more);
        return this;
    }

    /** The user the container runs as, {@code uid[:gid]} or a name; default {@code 65532:65532}. */
    public JavaContainer user(String newUser) {
        this.user = newUser;
        return this;
    }

    /** Replaces the computed entrypoint entirely. */
    public JavaContainer entrypoint(List<String> command) {
        this.entrypoint = List.copyOf(command);
        return this;
    }

    /** Whether to add a runtime jlinked from the JDK Pier runs on, with the modules jdeps finds. */
    public JavaContainer jlink(boolean enabled) {
        this.jlink = enabled;
        return this;
    }

    /** Modules to link besides those jdeps finds (for reflection and service loading it cannot see). */
    public JavaContainer addModules(List<String> modules) {
        extraModules.addAll(modules);
        return this;
    }

    /** The mtime of every file (default 1970-01-01T00:00:01Z, or {@code SOURCE_DATE_EPOCH}). */
    public JavaContainer fileModificationTime(Instant time) {
        this.fileTime = time;
        return this;
    }

    /** The image's creation time (default the Unix epoch, or {@code SOURCE_DATE_EPOCH}). */
    public JavaContainer creationTime(Instant time) {
        this.created = time;
        return this;
    }

    /** Where built layers, exploded jars and jlinked runtimes are kept between builds. */
    public JavaContainer cacheDirectory(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    /** The local store, for base images and destinations given by name. */
    public JavaContainer store(Supplier<LocalStore> localStore) {
        this.store = localStore;
        return this;
    }

    /** How to talk to registries for {@code docker://} bases and destinations. */
    public JavaContainer registryOptions(RegistryOptions options) {
        this.registryOptions = options;
        return this;
    }

    /** Builds the image and writes it to {@code destination}, committing it. */
    public JavaImage containerizeTo(ImageDestination destination) throws IOException {
        return new JavaImageAssembler(this).assemble(destination);
    }

    /** Builds the image and writes it to a location ({@code oci:DIR}, {@code docker://...}, a store name). */
    public JavaImage containerizeTo(String location) throws IOException {
        try (ImageDestination d = ImageLocation.parse(location, storeSupplier(), registryOptions).openDestination()) {
            return containerizeTo(d);
        }
    }

    Supplier<LocalStore> storeSupplier() {
        return store != null ? store : () -> LocalStore.open(LocalStore.defaultRoot());
    }
}
