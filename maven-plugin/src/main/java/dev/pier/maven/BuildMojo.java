package dev.pier.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code pier:build}: builds the project's image into Pier's local store under
 * {@code <to><image>}, or to {@code <output>} (any location, e.g. {@code oci:target/image}).
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class BuildMojo extends AbstractPierMojo {
    /** Write the image here instead of the local store: {@code oci:DIR[:REF]}, {@code docker-archive:FILE}, ... */
    @Parameter(property = "pier.output")
    String output;

    @Override
    String destination(String image) {
        return output != null && !output.isBlank() ? output : image;
    }
}
