package dev.pier.build.java;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.Layer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib (jib-core) and Pier build the same application from scratch: the same layers, holding the
 * same files at the same paths, with the same entrypoint and file times.
 */
class JibComparisonTest {
    @TempDir
    Path tmp;

    @Test
    void pierLayersTheApplicationAsJibDoes() throws Exception {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello");
        Path jibTar = tmp.resolve("jib.tar");
        JavaContainerBuilder.from(ImageReference.scratch())
                // in jib-maven-plugin's order: the class path follows the order of the add calls
                .addResources(app.resources())
                .addClasses(app.classesOnly())
                // jib-core leaves the split to its callers; jib-maven-plugin splits by -SNAPSHOT as Pier does
                .addDependencies(app.jars().stream().filter(j -> !JavaApp.isSnapshot(j)).toList())
                .addSnapshotDependencies(app.jars().stream().filter(JavaApp::isSnapshot).toList())
                .setMainClass("app.Main")
                .toContainerBuilder()
                .containerize(Containerizer.to(TarImage.at(jibTar).named("jib:test"))
                        .setBaseImageLayersCache(tmp.resolve("jib-cache/base"))
                        .setApplicationLayersCache(tmp.resolve("jib-cache/app"))
                        .setOfflineMode(true));
        JavaContainer.fromScratch().dependencies(app.jars()).resources(app.resources()).classes(app.classesOnly())
                .mainClass("app.Main").cacheDirectory(tmp.resolve("cache")).containerizeTo("oci:" + tmp.resolve("pier") + ":test");

        try (var jibSource = ImageLocation.parse("docker-archive:" + jibTar, () -> null).openSource()) {
            Image jib = jibSource.image();
            Image pier = JavaContainerTest.open(tmp.resolve("pier"), "test");
            assertThat(LayerContents.files(pier)).isEqualTo(LayerContents.files(jib));
            assertThat(pier.config().config().entrypoint()).isEqualTo(jib.config().config().entrypoint());
            assertThat(fileTimes(pier)).isEqualTo(fileTimes(jib)).containsOnly(1L);
        }
    }

    private static List<Long> fileTimes(Image image) throws Exception {
        List<Long> times = new ArrayList<>();
        for (Layer l : image.layers()) {
            LayerContents.entries(l).stream().filter(e -> !e.name().endsWith("/")).forEach(e -> times.add(e.mtime()));
        }
        return times;
    }
}
