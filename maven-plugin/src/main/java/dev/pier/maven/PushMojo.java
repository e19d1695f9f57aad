package dev.pier.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code pier:push}: builds the project's image straight to the registry named by
 * {@code <to><image>REGISTRY/REPO:TAG</image></to>}; layers the registry has are not sent again.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class PushMojo extends AbstractPierMojo {
    @Override
    String destination(String image) throws MojoFailureException {
        if (to == null || to.image == null || to.image.isBlank()) {
            throw new MojoFailureException("pier:push needs <to><image>REGISTRY/REPOSITORY:TAG</image></to>");
        }
        return image.startsWith("docker://") ? image : "docker://" + image;
    }
}
