package dev.pier.build.executor;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.store.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileBuilderTest {
    @TempDir
    Path tmp;

    private static final String MULTI_STAGE = """
            ARG BASE=busybox:test
            ARG VERSION=1.0
            FROM ${BASE} AS build
            ARG VERSION
            ENV APP_HOME=/opt/app V_COPY=${VERSION}
            WORKDIR $APP_HOME
            COPY src/ ./src/
            COPY --chown=app --chmod=640 conf.txt /etc/app/
            FROM build AS unused
            COPY does-not-exist /nope
            FROM scratch
            COPY --from=build /opt/app /app
            COPY --from=build /etc/app/conf.txt /conf.txt
            LABEL version=$VERSION other="a b"
            USER 1000
            EXPOSE 8080 53/udp
            ENTRYPOINT ["/app/run"]
            CMD ["--help"]
            """;

    @Test
    void multiStageBuildWithArgScopingAndCopySemantics() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", MULTI_STAGE, "src/a.txt", "a", "src/sub/b.txt", "b", "conf.txt", "c"));
        List<String> progress = new ArrayList<>();
        BuildResult r = DockerfileBuilder.build(store, options(ctx, progress).withBuildArgs(Map.of("VERSION", "2.0")).withTags(List.of("app:v1")));
        ContainerConfig c = image(store, "app:v1").config().config();
        assertThat(c.labels()).containsEntry("version", "").containsEntry("other", "a b");
        assertThat(c.user()).isEqualTo("1000");
        assertThat(c.exposedPorts()).containsOnlyKeys("8080/tcp", "53/udp");
        assertThat(c.entrypoint()).containsExactly("/app/run");
        assertThat(c.cmd()).containsExactly("--help");
        assertThat(c.env()).isEmpty();
        Path root = unpack(store, "app:v1", tmp.resolve("out"));
        assertThat(root.resolve("app/src/a.txt")).hasContent("a");
        assertThat(root.resolve("app/src/sub/b.txt")).hasContent("b");
        assertThat(Files.getAttribute(root.resolve("conf.txt"), "unix:mode")).isEqualTo(0100640);
        assertThat(Files.getAttribute(root.resolve("conf.txt"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(root.resolve("conf.txt"), "unix:gid")).isEqualTo(1001);
        assertThat(progress).anyMatch(l -> l.matches("#\\d+ \\[build \\d/\\d\\] COPY src/ ./src/"));
        assertThat(progress).noneMatch(l -> l.contains("does-not-exist"));
        assertThat(r.config().history()).anyMatch(h -> h.createdBy().equals("COPY --from=build /opt/app /app # buildkit"));
        assertThat(r.config().history()).anyMatch(h -> h.createdBy().equals("USER 1000") && h.isEmptyLayer());

        ContainerConfig build = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTarget("build")
                .withBuildArgs(Map.of("VERSION", "2.0")).withTags(List.of("app:build"))).config().config();
        assertThat(build.env()).contains("PATH=/bin", "APP_HOME=/opt/app", "V_COPY=2.0");
        assertThat(build.workingDir()).isEqualTo("/opt/app");
        assertThat(build.cmd()).containsExactly("sh");
    }

    @Test
    void sameInputAndTimestampGiveTheSameDigest() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", MULTI_STAGE, "src/a.txt", "a", "conf.txt", "c"));
        BuildResult a = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withNoCache(true));
        BuildResult b = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withNoCache(true));
        assertThat(a.executed()).isPositive();
        assertThat(b.manifest().digest()).isEqualTo(a.manifest().digest());
    }

    @Test
    void cachedRebuildRerunsNothing() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", MULTI_STAGE, "src/a.txt", "a", "conf.txt", "c"));
        BuildResult first = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()));
        List<String> progress = new ArrayList<>();
        BuildResult second = DockerfileBuilder.build(store, options(ctx, progress));
        assertThat(second.executed()).isZero();
        assertThat(second.cached()).isEqualTo(first.executed());
        assertThat(progress).anyMatch(l -> l.matches("#\\d+ CACHED"));
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
        Files.writeString(ctx.resolve("conf.txt"), "changed");
        BuildResult third = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()));
        assertThat(third.executed()).isEqualTo(2); // COPY conf.txt in build, COPY --from conf.txt in the final stage

        // copied files are hashed once while unchanged; a rewrite of the same size and mtime is still seen
        String memo = Files.readString(store.root().resolve("build-cache/file-hashes"));
        assertThat(memo).contains(ctx.resolve("conf.txt").toRealPath().toString()).doesNotContain("/work-");
        var mtime = Files.getLastModifiedTime(ctx.resolve("conf.txt"));
        Files.writeString(ctx.resolve("conf.txt"), "CHANGED");
        Files.setLastModifiedTime(ctx.resolve("conf.txt"), mtime);
        BuildResult fourth = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()));
        assertThat(fourth.executed()).isEqualTo(2);
        assertThat(DockerfileBuilder.build(store, options(ctx, new ArrayList<>())).executed()).isZero();
    }

    @Test
    void aCachedCopyIsKeyedWithoutUnpackingTheBase() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                COPY a.txt /bin/
                COPY a.txt b/ /opt/new/
                COPY --chown=1000:1000 a.txt /etc/a
                """, "a.txt", "a", "b/c.txt", "c"));
        BuildResult first = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()));
        assertThat(first.executed()).isEqualTo(3);
        // the base's layer damaged past its gzip header (same size): only an unpack would read it
        for (var layer : image(store, "busybox:test").layers()) {
            Path blob = store.layout().blobs().path(layer.digest());
            byte[] bytes = Files.readAllBytes(blob);
            for (int i = 10; i < bytes.length; i++) {
                bytes[i] ^= 0x55;
            }
            Files.write(blob, bytes);
        }
        BuildResult second = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()));
        assertThat(second.executed()).isZero();
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
        // a step that misses the cache unpacks the base, and so meets the damaged blob
        Files.writeString(ctx.resolve("a.txt"), "changed");
        assertThatThrownBy(() -> DockerfileBuilder.build(store, options(ctx, new ArrayList<>()))).hasMessageContaining("layer");
    }

    @Test
    void aBaseLayerDamagedIntoZerosFailsItsDigestWhenUnpacked() throws Exception {
        LocalStore store = storeWithBase(tmp);
        for (var layer : image(store, "busybox:test").layers()) {
            Path blob = store.layout().blobs().path(layer.digest());
            Files.write(blob, new byte[(int) Files.size(blob)]);   // reads as an empty, uncompressed tar
        }
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", "FROM busybox:test\nCOPY a.txt /bin/\n", "a.txt", "a"));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, options(ctx, new ArrayList<>())))
                .hasMessageContaining("digest");
    }

    @Test
    void symlinkLeavingTheContextIsRefused() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", "FROM busybox:test\nCOPY link /stolen\n"));
        Files.writeString(tmp.resolve("secret"), "do not copy");
        Files.createSymbolicLink(ctx.resolve("link"), tmp.resolve("secret"));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("stolen"))))
                .hasMessageStartingWith("Dockerfile:2: COPY: source link: link points outside the build context");
        assertThat(store.find("stolen")).isEmpty();
    }

    @Test
    void runNeedsTheRuntime() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", "FROM busybox:test\nRUN echo hi\n"));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, options(ctx, new ArrayList<>())))
                .hasMessage("Dockerfile:2: RUN: RUN needs the Pier runtime (not available in this build)");
    }

    @Test
    void onbuildTriggersRunInTheChild() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path parent = context(tmp, "parent", Map.of("Dockerfile", "FROM busybox:test\nONBUILD COPY hello.txt /hello.txt\n"));
        DockerfileBuilder.build(store, options(parent, new ArrayList<>()).withTags(List.of("parent")));
        assertThat(image(store, "parent").config().config().onBuild()).containsExactly("COPY hello.txt /hello.txt");
        Path child = context(tmp, "child", Map.of("Dockerfile", "FROM parent\nENTRYPOINT [\"sh\"]\n", "hello.txt", "hi"));
        DockerfileBuilder.build(store, options(child, new ArrayList<>()).withTags(List.of("child")));
        ContainerConfig c = image(store, "child").config().config();
        assertThat(c.onBuild()).isEmpty();
        assertThat(c.cmd()).isNull(); // ENTRYPOINT resets the CMD inherited from the base
        assertThat(unpack(store, "child", tmp.resolve("out")).resolve("hello.txt")).hasContent("hi");
    }

    @Test
    void squashMergesTheNewLayers() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", "FROM busybox:test\nCOPY a /a\nCOPY b /b\nCOPY <<EOF /c\nx=$PATH\nEOF\n",
                "a", "1", "b", "2"));
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("layered")));
        assertThat(image(store, "layered").layers()).hasSize(4);
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withSquash(BuildOptions.Squash.NEW).withTags(List.of("squashed")));
        assertThat(image(store, "squashed").layers()).hasSize(2);
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withSquash(BuildOptions.Squash.ALL).withTags(List.of("all")));
        assertThat(image(store, "all").layers()).hasSize(1);
        for (String name : List.of("layered", "squashed", "all")) {
            Path root = unpack(store, name, tmp.resolve("out-" + name));
            assertThat(root.resolve("a")).hasContent("1");
            assertThat(root.resolve("b")).hasContent("2");
            assertThat(root.resolve("c")).hasContent("x=/bin");
            assertThat(root.resolve("bin/busybox")).exists();
        }
    }

    @Test
    void outputsToAnyLocation() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", "FROM busybox:test\nCOPY a /a\n", "a", "1"));
        BuildResult r = DockerfileBuilder.build(store, options(ctx, new ArrayList<>())
                .withOutputs(List.of("oci:" + tmp.resolve("layout") + ":v1", "docker-archive:" + tmp.resolve("x.tar") + ":x:v1")));
        var img = dev.pier.image.transport.ImageLocation.parse("oci:" + tmp.resolve("layout") + ":v1", () -> store).openSource().image();
        assertThat(img.descriptor().digest()).isEqualTo(r.manifest().digest());
        assertThat(tmp.resolve("x.tar")).isRegularFile();
    }
}
