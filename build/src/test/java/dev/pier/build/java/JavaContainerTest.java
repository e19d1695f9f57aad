package dev.pier.build.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.OciLayoutSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaContainerTest {
    @TempDir
    Path tmp;

    private JavaImage build(TestApps.App app, Path cache, String location) throws IOException {
        return JavaContainer.fromScratch()
                .dependencies(app.jars())
                .resources(app.classes())
                .classes(app.classes())
                .mainClass("app.Main")
                .jvmFlags(List.of("-Xss1m"))
                .exposedPorts(8080)
                .env("APP_MODE", "test")
                .labels(Map.of("org.opencontainers.image.title", "test"))
                .cacheDirectory(cache)
                .containerizeTo(location);
    }

    static Image open(Path layoutDir, String ref) throws IOException {
        return new OciLayoutSource(OciLayout.open(layoutDir), Optional.of(ref), ref).image();
    }

    @Test
    void layersHoldDependenciesSnapshotsResourcesAndClassesApart() throws IOException {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello");
        JavaImage built = build(app, tmp.resolve("cache"), "oci:" + tmp.resolve("out") + ":v1");
        assertThat(built.layers()).extracting(BuiltLayer::name)
                .containsExactly("dependencies", "snapshot dependencies", "resources", "classes");
        Image image = open(tmp.resolve("out"), "v1");
        assertThat(LayerContents.files(image)).containsExactly(
                List.of("/app/libs/lib-1.0.jar"),
                List.of("/app/libs/snap-2.0-SNAPSHOT.jar"),
                List.of("/app/resources/app.properties", "/app/resources/static/index.html"),
                List.of("/app/classes/app/Main.class", "/app/classes/app/Util.class"));
        for (var layer : image.layers()) {
            for (var e : LayerContents.entries(layer)) {
                assertThat(e.uid()).isZero();
                assertThat(e.gid()).isZero();
                assertThat(e.mtime()).isEqualTo(1);
                assertThat(e.mode()).isEqualTo(e.name().endsWith("/") ? 0755 : 0644);
            }
        }
        ImageConfig config = image.config();
        assertThat(config.config().entrypoint()).containsExactly(
                "java", "-Xss1m", "-cp", "/app/resources:/app/classes:/app/libs/*", "app.Main");
        assertThat(config.config().user()).isEqualTo("65532:65532");
        assertThat(config.config().exposedPorts()).containsOnlyKeys("8080/tcp");
        assertThat(config.config().env()).contains("APP_MODE=test");
        assertThat(config.created()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(config.history()).extracting(h -> h.createdBy()).containsExactly(
                "pier java: dependencies", "pier java: snapshot dependencies", "pier java: resources", "pier java: classes");
    }

    @Test
    void twoBuildsOfTheSameInputGiveTheSameDigest() throws IOException {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello");
        JavaImage first = build(app, tmp.resolve("cache1"), "oci:" + tmp.resolve("out1") + ":v1");
        // touch every input: mtimes must not matter
        try (var walk = Files.walk(tmp.resolve("app"))) {
            for (Path p : walk.toList()) {
                Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            }
        }
        JavaImage second = build(app, tmp.resolve("cache2"), "oci:" + tmp.resolve("out2") + ":v1");
        assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
        assertThat(second.layers()).noneMatch(BuiltLayer::cached);
    }

    @Test
    void changingOneClassChangesOnlyTheClassesLayerAndReusesTheOthers() throws IOException {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello");
        Path cache = tmp.resolve("cache");
        JavaImage first = build(app, cache, "oci:" + tmp.resolve("out") + ":v1");
        TestApps.compile(Map.of("app.Main", TestApps.mainSource("changed")), tmp.resolve("app/classes"));
        JavaImage second = build(app, cache, "oci:" + tmp.resolve("out") + ":v2");
        assertThat(second.manifestDigest()).isNotEqualTo(first.manifestDigest());
        for (int i = 0; i < 3; i++) {
            assertThat(second.layers().get(i).descriptor()).isEqualTo(first.layers().get(i).descriptor());
            assertThat(second.layers().get(i).cached()).isTrue();
        }
        assertThat(second.layers().get(3).descriptor().digest()).isNotEqualTo(first.layers().get(3).descriptor().digest());
        assertThat(second.layers().get(3).cached()).isFalse();
        // the copy into the same layout skipped the three unchanged layers
        assertThat(second.copy().blobsSkipped()).isEqualTo(3);
    }

    @Test
    void executableJarIsExplodedAndItsClassPathBecomesDependencies() throws IOException {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello");
        Path dist = tmp.resolve("dist");
        Files.createDirectories(dist.resolve("lib"));
        for (Path j : app.jars()) {
            Files.copy(j, dist.resolve("lib").resolve(j.getFileName()));
        }
        Path jar = TestApps.jarOf(app.classes(), dist.resolve("app.jar"), Map.of("Main-Class", "app.Main",
                "Class-Path", "lib/lib-1.0.jar lib/snap-2.0-SNAPSHOT.jar"));
        JavaApp parsed = ExecutableJar.open(jar, tmp.resolve("cache"));
        assertThat(parsed.mainClass()).contains("app.Main");
        assertThat(parsed.dependencies()).containsExactly(dist.resolve("lib/lib-1.0.jar"));
        assertThat(parsed.snapshotDependencies()).containsExactly(dist.resolve("lib/snap-2.0-SNAPSHOT.jar"));
        JavaContainer.fromScratch().app(parsed).cacheDirectory(tmp.resolve("cache")).containerizeTo("oci:" + tmp.resolve("out") + ":jar");
        assertThat(LayerContents.files(open(tmp.resolve("out"), "jar"))).containsExactly(
                List.of("/app/libs/lib-1.0.jar"),
                List.of("/app/libs/snap-2.0-SNAPSHOT.jar"),
                List.of("/app/resources/app.properties", "/app/resources/static/index.html"),
                List.of("/app/classes/app/Main.class", "/app/classes/app/Util.class"));
    }

    @Test
    void mavenProjectReadsTargetClassesAndDependencies() throws IOException {
        TestApps.App app = TestApps.create(tmp.resolve("app"), "hello");
        Path project = tmp.resolve("project");
        TestApps.copyTree(app.classes(), project.resolve("target/classes"));
        for (Path j : app.jars()) {
            Files.createDirectories(project.resolve("target/dependency"));
            Files.copy(j, project.resolve("target/dependency").resolve(j.getFileName()));
        }
        TestApps.jarOf(app.classes(), project.resolve("target/project-1.0.jar"), Map.of("Main-Class", "app.Main"));
        JavaApp parsed = MavenProject.open(project);
        assertThat(parsed.mainClass()).contains("app.Main");
        assertThat(parsed.dependencies()).extracting(p -> p.getFileName().toString()).containsExactly("lib-1.0.jar");
        assertThat(parsed.snapshotDependencies()).extracting(p -> p.getFileName().toString()).containsExactly("snap-2.0-SNAPSHOT.jar");
        assertThat(parsed.outputDirectories()).containsExactly(project.resolve("target/classes"));
    }

    @Test
    void missingMainClassIsAOneLineError() {
        assertThatThrownBy(() -> JavaContainer.fromScratch().cacheDirectory(tmp).containerizeTo("oci:" + tmp.resolve("o")))
                .isInstanceOf(PierException.class).hasMessageStartingWith("no main class");
    }

    @Test
    void explodingAJarRefusesEntriesThatLeaveTheTarget() throws IOException {
        Path jar = TestApps.jar(tmp.resolve("evil.jar"), Map.of("../../evil.txt", "x"), Map.of("Main-Class", "a.B"));
        assertThatThrownBy(() -> ExecutableJar.open(jar, tmp.resolve("cache")))
                .isInstanceOf(PierException.class).hasMessageContaining("outside the application");
    }
}
