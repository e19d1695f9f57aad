package dev.pier.maven;

import dev.pier.build.java.BuiltLayer;
import dev.pier.build.java.JavaContainer;
import dev.pier.build.java.JavaImage;
import dev.pier.image.PierException;
import dev.pier.image.remote.RegistryOptions;
import dev.pier.image.store.LocalStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What {@code build} and {@code push} share: the configuration and the call to {@link JavaContainer}. */
abstract class AbstractPierMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The image to write: {@code <to><image>NAME</image></to>}. */
    @Parameter(property = "image")
    ImageParameters to;

    /** The base image; {@code none} for an image that has only what Pier adds (needs jlink). */
    @Parameter
    ImageParameters from;

    @Parameter
    ContainerParameters container = new ContainerParameters();

    /** Add a runtime jlinked from the JDK Maven runs on, with the modules jdeps finds. */
    @Parameter(property = "pier.jlink", defaultValue = "false")
    boolean jlink;

    /** Modules to link besides those jdeps finds. */
    @Parameter
    List<String> addModules = List.of();

    /** Pier's store root (default: $PIER_ROOT, /var/lib/pier as root, ~/.local/share/pier). */
    @Parameter(property = "pier.root")
    File root;

    /** Talk to registries over plain HTTP or without verifying certificates. */
    @Parameter(property = "pier.allowInsecureRegistries", defaultValue = "false")
    boolean allowInsecureRegistries;

    @Parameter(property = "pier.skip", defaultValue = "false")
    boolean skip;

    /** Where the image goes, from the goal's point of view (a store name, or a registry for push). */
    abstract String destination(String image) throws MojoFailureException;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pier: skipped");
            return;
        }
        String image = to == null || to.image == null || to.image.isBlank() ? project.getArtifactId() + ":" + project.getVersion() : to.image;
        String base = from == null || from.image == null ? null : from.image;
        if (base == null && !jlink) {
            throw new MojoFailureException("no Java runtime in the image: set <from><image>BASE</image></from> to a JRE image, or <jlink>true</jlink>");
        }
        Path rootDir = root != null ? root.toPath() : LocalStore.defaultRoot();
        try {
            Path classes = Path.of(project.getBuild().getOutputDirectory());
            JavaContainer c = JavaContainer.from(base == null ? "none" : base)
                    .dependencies(dependencies())
                    .resources(classes).classes(classes)
                    .jlink(jlink).addModules(addModules)
                    .jvmFlags(container.jvmFlags).exposedPorts(container.ports).programArguments(container.args)
                    .labels(container.labels)
                    .cacheDirectory(rootDir.resolve("cache").resolve("java"))
                    .store(() -> LocalStore.open(rootDir))
                    .registryOptions(allowInsecureRegistries ? RegistryOptions.defaults().withTlsVerify(false) : RegistryOptions.defaults());
            container.environment.forEach(c::env);
            if (container.mainClass != null) {
                c.mainClass(container.mainClass);
            }
            if (container.user != null) {
                c.user(container.user);
            }
            if (container.entrypoint != null && !container.entrypoint.isEmpty()) {
                c.entrypoint(container.entrypoint);
            }
            String where = destination(image);
            JavaImage result = c.containerizeTo(where);
            for (BuiltLayer l : result.layers()) {
                getLog().info(String.format("pier: %-6s %s %s", l.cached() ? "cached" : "built", l.descriptor().digest().shortId(), l.name()));
            }
            getLog().info("pier: " + where + " " + result.manifestDigest());
            Path digestFile = Path.of(project.getBuild().getDirectory(), "pier-image.digest");
            Files.createDirectories(digestFile.getParent());
            Files.writeString(digestFile, result.manifestDigest() + "\n");
        } catch (PierException e) {
            throw new MojoFailureException("pier: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new MojoExecutionException("pier: " + e.getMessage(), e);
        }
    }

    private List<Path> dependencies() {
        return project.getArtifacts().stream()
                .filter(a -> a.getFile() != null && a.getFile().getName().endsWith(".jar"))
                .filter(a -> !Artifact.SCOPE_TEST.equals(a.getScope()) && !Artifact.SCOPE_PROVIDED.equals(a.getScope())
                        && !Artifact.SCOPE_SYSTEM.equals(a.getScope()))
                .map(a -> a.getFile().toPath())
                .sorted()
                .toList();
    }
}
