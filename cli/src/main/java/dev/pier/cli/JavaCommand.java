package dev.pier.cli;

import dev.pier.build.java.BuiltLayer;
import dev.pier.build.java.ExecutableJar;
import dev.pier.build.java.JavaApp;
import dev.pier.build.java.JavaContainer;
import dev.pier.build.java.JavaImage;
import dev.pier.build.java.MavenProject;
import dev.pier.image.PierException;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pier java}: a Java application to an image without a Dockerfile, as Jib does. The
 * library behind it is {@link JavaContainer}.
 */
@Command(name = "java", description = {
        "Build an image of a Java application without a Dockerfile, as Jib does: dependencies, snapshot",
        "dependencies, resources and classes in separate reproducible layers; --jlink adds a runtime."})
final class JavaCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    static final class Input {
        @Option(names = "--jar", paramLabel = "APP.jar", description = "An executable jar (Main-Class and Class-Path from its manifest).")
        Path jar;

        @Option(names = "--classpath", paramLabel = "CP", description = "A class path (jars and directories, separated by ':').")
        String classpath;

        @Option(names = "--project", paramLabel = "DIR", description = "A Maven project after mvn package dependency:copy-dependencies.")
        Path project;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--main-class", paramLabel = "CLASS", description = "The class to run (required with --classpath).")
    String mainClass;

    @Option(names = {"--from", "--base"}, paramLabel = "BASE",
            description = "Base image (any location), or none/scratch. Default: none with --jlink; required otherwise.")
    String base;

    @Option(names = "--jlink", description = "Add a runtime made by jlink from Pier's JDK (modules from jdeps) at /opt/java.")
    boolean jlink;

    @Option(names = "--add-modules", paramLabel = "MODS", split = ",", description = "Modules to link besides those jdeps finds.")
    List<String> addModules = List.of();

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "Name of the image in the local store.")
    String tag;

    @Option(names = "--output", paramLabel = "LOCATION", description = "Write the image to a location instead (oci:DIR, docker://..., ...).")
    String output;

    @Option(names = "--jvm-flag", paramLabel = "FLAG", description = "A JVM flag for the entrypoint (repeatable).")
    List<String> jvmFlags = List.of();

    @Option(names = {"-p", "--port"}, paramLabel = "PORT[/PROTO]", description = "A port to expose (repeatable).")
    List<String> ports = List.of();

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable (repeatable).")
    List<String> env = List.of();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label (repeatable).")
    List<String> labels = List.of();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "User to run as (default: 65532:65532).")
    String user;

    @Option(names = "--entrypoint", paramLabel = "ARG", split = " ", description = "Replace the computed entrypoint (space-separated).")
    List<String> entrypoint;

    @Option(names = "--arg", paramLabel = "ARG", description = "A program argument, stored as Cmd (repeatable).")
    List<String> args = List.of();

    @Option(names = {"-q", "--quiet"}, description = "Print only the manifest digest.")
    boolean quiet;

    @Mixin
    RegistryFlags registryFlags;

    @Override
    public Integer call() throws Exception {
        if ((tag == null) == (output == null)) {
            throw new PierException("give exactly one of -t NAME or --output LOCATION");
        }
        if (base == null && !jlink) {
            throw new PierException("no Java runtime in the image: give --from BASE with a JRE, or --jlink (with --from none)");
        }
        Path cache = pier.store().root().resolve("cache").resolve("java");
        JavaContainer c = JavaContainer.from(base == null ? "none" : base)
                .app(app(cache)).jlink(jlink).addModules(addModules).jvmFlags(jvmFlags).exposedPorts(ports)
                .programArguments(args).cacheDirectory(cache).store(pier::store).registryOptions(registryFlags.options());
        if (mainClass != null) {
            c.mainClass(mainClass);
        }
        for (String e : env) {
            String[] kv = keyValue(e, "-e");
            c.env(kv[0], kv[1]);
        }
        for (String l : labels) {
            String[] kv = keyValue(l, "--label");
            c.labels(java.util.Map.of(kv[0], kv[1]));
        }
        if (user != null) {
            c.user(user);
        }
        if (entrypoint != null) {
            c.entrypoint(entrypoint);
        }
        JavaImage image = c.containerizeTo(output != null ? output : tag);
        print(image, pier.out());
        return ExitCode.OK;
    }

    private JavaApp app(Path cache) throws java.io.IOException {
        if (input.jar != null) {
            return ExecutableJar.open(input.jar, cache);
        }
        if (input.project != null) {
            return MavenProject.open(input.project);
        }
        if (mainClass == null) {
            throw new PierException("--classpath needs --main-class");
        }
        return JavaApp.ofClasspath(Arrays.stream(input.classpath.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList(), mainClass);
    }

    private static String[] keyValue(String text, String option) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new PierException(option + " " + text + ": expected KEY=VALUE");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }

    private void print(JavaImage image, PrintWriter out) {
        if (!quiet) {
            for (BuiltLayer l : image.layers()) {
                out.printf("%-8s %s %s%n", l.cached() ? "cached" : "built", l.descriptor().digest().shortId(), l.name());
            }
            out.println("entrypoint " + String.join(" ", image.entrypoint()));
            out.printf("blobs copied %d, skipped %d%n", image.copy().blobsCopied(), image.copy().blobsSkipped());
        }
        out.println(image.manifestDigest());
    }
}
