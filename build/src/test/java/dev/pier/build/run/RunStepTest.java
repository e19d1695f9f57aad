package dev.pier.build.run;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.build.executor.BuildOptions;
import dev.pier.build.executor.BuildResult;
import dev.pier.build.executor.DockerfileBuilder;
import dev.pier.image.PierException;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.Layer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RUN's mounts, its layer cache and its errors, with the Pier runtime (needs root). */
class RunStepTest {
    private static final String SECRET = "s3cr3t-" + "value-4711";

    @TempDir
    Path tmp;
    LocalStore store;
    List<String> progress = new ArrayList<>();

    @BeforeEach
    void store() throws Exception {
        Peers.requireRoot();
        store = storeWithBase(tmp);
    }

    private BuildOptions build(Path ctx) {
        return options(ctx, progress).withRunStep(RuntimeRunStep.forStore(store.root()));
    }

    @Test
    void secretIsReadableDuringRunAndInNoLayerNorConfig() throws Exception {
        Path secret = tmp.resolve("token");
        Files.writeString(secret, SECRET);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN --mount=type=secret,id=tok test "$(sha256sum < /run/secrets/tok)" = "%s  -" && echo ok > /checked
                RUN --mount=type=secret,id=tok,target=/etc/app/key cat /etc/app/key | wc -c > /size
                """.formatted(sha256(SECRET))));
        DockerfileBuilder.build(store, build(ctx).withSecrets(Map.of("tok", secret)).withTags(List.of("sec:1")));
        Image image = image(store, "sec:1");
        for (Layer l : image.layers()) {
            assertThat(LayerEntries.contains(l, SECRET)).as("layer " + l.digest()).isFalse();
            assertThat(LayerEntries.names(l)).noneMatch(n -> n.startsWith("run") || n.startsWith("etc/app"));
        }
        assertThat(new String(image.rawConfig(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
        Path fs = unpack(store, "sec:1", tmp.resolve("fs"));
        assertThat(Files.readString(fs.resolve("checked"))).isEqualTo("ok\n");
        assertThat(Files.readString(fs.resolve("size")).strip()).isEqualTo(String.valueOf(SECRET.length()));
        assertThat(String.join("\n", progress)).doesNotContain(SECRET);
    }

    private static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cacheMountIsKeptBetweenBuildsAndStaysOutOfTheLayer() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN --mount=type=cache,target=/var/cache/app echo run >> /var/cache/app/log && wc -l < /var/cache/app/log > /runs
                """));
        DockerfileBuilder.build(store, build(ctx).withNoCache(true).withTags(List.of("c:1")));
        DockerfileBuilder.build(store, build(ctx).withNoCache(true).withTags(List.of("c:2")));
        assertThat(Files.readString(unpack(store, "c:2", tmp.resolve("fs")).resolve("runs")).strip()).isEqualTo("2");
        for (Layer l : image(store, "c:2").layers()) {
            assertThat(LayerEntries.names(l)).noneMatch(n -> n.startsWith("var"));
        }
    }

    @Test
    void bindMountFromAnotherStageIsReadOnly() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test AS tools
                RUN echo tool > /tool.txt
                FROM busybox:test
                RUN --mount=type=bind,from=tools,source=/tool.txt,target=/mnt/t.txt cat /mnt/t.txt > /copied && ! echo x > /mnt/t.txt
                """));
        DockerfileBuilder.build(store, build(ctx).withTags(List.of("b:1")));
        Path fs = unpack(store, "b:1", tmp.resolve("fs"));
        assertThat(Files.readString(fs.resolve("copied"))).isEqualTo("tool\n");
        assertThat(fs.resolve("mnt")).doesNotExist();
    }

    @Test
    void runHasTheDefaultSeccompProfileAndLoopbackUpInItsOwnNetwork() throws Exception {
        Path ctx = context(tmp, "ctx-sandbox", Map.of("Dockerfile", """
                FROM busybox:test
                RUN grep '^Seccomp:' /proc/self/status > /seccomp && cat /sys/class/net/lo/operstate > /lo && ls /sys/class/net > /nets
                """));
        DockerfileBuilder.build(store, build(ctx).withTags(List.of("sandbox:1")));
        Path fs = unpack(store, "sandbox:1", tmp.resolve("fs-sandbox"));
        assertThat(Files.readString(fs.resolve("seccomp"))).as("filter mode, as under BuildKit").isEqualTo("Seccomp:\t2\n");
        assertThat(Files.readString(fs.resolve("lo")).strip()).as("lo is up (its operstate reads unknown then)").isNotEqualTo("down");
        assertThat(Files.readString(fs.resolve("nets")).strip()).isEqualTo("lo");
    }

    @Test
    void bindMountOfTheContextIsReadOnlyIgnoresWhatDockerignoreSaysAndKeysTheStep() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN --mount=type=bind,target=/src cat /src/app/main.txt > /copied && ls /src > /listed && ls /src/app > /app-listed && ! touch /src/new
                RUN --mount=type=bind,source=app/main.txt,target=/one.txt cat /one.txt > /single
                """, ".dockerignore", "secret.txt\n", "secret.txt", "not for the build\n", "app/main.txt", "v1\n"));
        BuildResult first = DockerfileBuilder.build(store, build(ctx).withTags(List.of("cb:1")));
        Path fs = unpack(store, "cb:1", tmp.resolve("fs-cb1"));
        assertThat(Files.readString(fs.resolve("copied"))).isEqualTo("v1\n");
        assertThat(Files.readString(fs.resolve("single"))).isEqualTo("v1\n");
        assertThat(Files.readString(fs.resolve("listed")).lines().toList()).as(".dockerignore applies to the mount as to COPY")
                .contains("app", "Dockerfile").doesNotContain("secret.txt");
        assertThat(fs.resolve("src")).as("the mount point stays out of the layer").doesNotExist();
        assertThat(first.executed()).isEqualTo(2);

        BuildResult same = DockerfileBuilder.build(store, build(ctx).withTags(List.of("cb:2")));
        assertThat(same.executed()).isZero();
        Files.writeString(ctx.resolve("secret.txt"), "changed, but ignored\n");
        assertThat(DockerfileBuilder.build(store, build(ctx).withTags(List.of("cb:3"))).executed())
                .as("an ignored file is not part of the key").isZero();
        Files.writeString(ctx.resolve("app/main.txt"), "v2\n");
        BuildResult changed = DockerfileBuilder.build(store, build(ctx).withTags(List.of("cb:4")));
        assertThat(changed.executed()).as("a changed file reruns the steps that bind it").isEqualTo(2);
        assertThat(Files.readString(unpack(store, "cb:4", tmp.resolve("fs-cb4")).resolve("copied"))).isEqualTo("v2\n");
    }

    @Test
    void readWriteBindsWriteOnACopyThatIsThrownAway() throws Exception {
        Path ctx = context(tmp, "ctx-rw", Map.of("Dockerfile", """
                FROM busybox:test AS tools
                RUN mkdir /t && echo tool > /t/x
                FROM busybox:test
                RUN --mount=type=bind,from=tools,source=/t,target=/m,rw echo more >> /m/x && cat /m/x > /copied
                RUN --mount=type=bind,target=/src,rw echo changed > /src/app.txt && cat /src/app.txt > /ctx-copied
                COPY --from=tools /t/x /orig
                """, "app.txt", "v1\n"));
        DockerfileBuilder.build(store, build(ctx).withTags(List.of("rw:1")));
        Path fs = unpack(store, "rw:1", tmp.resolve("fs-rw"));
        assertThat(Files.readString(fs.resolve("copied"))).isEqualTo("tool\nmore\n");
        assertThat(Files.readString(fs.resolve("ctx-copied"))).isEqualTo("changed\n");
        assertThat(Files.readString(fs.resolve("orig"))).as("the stage is not changed by a write on its mount").isEqualTo("tool\n");
        assertThat(Files.readString(ctx.resolve("app.txt"))).as("nor is the context").isEqualTo("v1\n");
        assertThat(fs.resolve("m")).doesNotExist();
        assertThat(fs.resolve("src")).doesNotExist();
    }

    @Test
    void bindMountOfAContextSymlinkLeadingOutIsRefused() throws Exception {
        Path ctx = context(tmp, "ctx-out", Map.of("Dockerfile", """
                FROM busybox:test
                RUN --mount=type=bind,source=out,target=/o cat /o
                """));
        Files.createSymbolicLink(ctx.resolve("out"), Path.of("/etc/hostname"));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, build(ctx).withTags(List.of("out:1"))))
                .isInstanceOf(PierException.class).hasMessageContaining("points outside the build context");
    }

    @Test
    void cachedRebuildRunsNothing() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                ARG V=1
                RUN echo $V > /v
                RUN echo more >> /v
                """));
        BuildResult first = DockerfileBuilder.build(store, build(ctx));
        try (var left = Files.list(store.root().resolve("build-cache"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the RUNs' overlays and the build's scratch directory, removed in the background, are gone when it returns")
                    .noneMatch(name -> name.startsWith("work-"));
        }
        progress.clear();
        BuildResult second = DockerfileBuilder.build(store, build(ctx));
        assertThat(first.executed()).isEqualTo(2);
        assertThat(second.executed()).isZero();
        assertThat(second.cached()).isEqualTo(2);
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
        BuildResult changedArg = DockerfileBuilder.build(store, build(ctx).withBuildArgs(Map.of("V", "2")));
        assertThat(changedArg.executed()).as("a build arg in scope is part of the key").isEqualTo(2);
    }

    @Test
    void failingRunFailsWithItsLineAndExitCode() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test

                RUN echo first line && echo the last words >&2 && exit 3
                """));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, build(ctx)))
                .isInstanceOf(PierException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().findFirst().orElseThrow()).isEqualTo("Dockerfile:3: RUN: exit code 3"))
                .hasMessageContaining("the last words");
        assertThat(progress).anyMatch(l -> l.endsWith(" first line"));
    }

    @Test
    void runHeredocsAsScriptsAndAsTheShellsOwnHeredocs() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                ARG WHO=world
                RUN <<EOF
                echo one > /script
                echo "two $WHO" >> /script
                EOF
                RUN cat <<A > /a && cat <<'B' > /b
                hello $WHO
                A
                literal $WHO
                B
                RUN <<EOF
                #!/bin/sh -e
                echo shebang > /shebang
                EOF
                """));
        BuildResult first = DockerfileBuilder.build(store, build(ctx).withTags(List.of("hd:1")));
        Path fs = unpack(store, "hd:1", tmp.resolve("fs1"));
        assertThat(Files.readString(fs.resolve("script"))).isEqualTo("one\ntwo world\n");
        assertThat(Files.readString(fs.resolve("a"))).isEqualTo("hello world\n");
        assertThat(Files.readString(fs.resolve("b"))).isEqualTo("literal $WHO\n");
        assertThat(Files.readString(fs.resolve("shebang"))).isEqualTo("shebang\n");

        Files.writeString(ctx.resolve("Dockerfile"), Files.readString(ctx.resolve("Dockerfile")).replace("echo one", "echo uno"));
        BuildResult changed = DockerfileBuilder.build(store, build(ctx).withTags(List.of("hd:2")));
        assertThat(changed.executed()).as("a changed body is a changed step (and the steps after it)").isEqualTo(3);
        assertThat(Files.readString(unpack(store, "hd:2", tmp.resolve("fs2")).resolve("script"))).startsWith("uno\n");
        assertThat(first.manifest().digest()).isNotEqualTo(changed.manifest().digest());
    }

    @Test
    void aHeredocScriptForAnotherInterpreterRunsFromAFileOutsideTheLayer() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                ARG WHO=world
                RUN ln -s busybox /bin/awk
                RUN <<SCRIPT
                #!/bin/awk -f
                BEGIN { print "from awk, $WHO" > "/awk.txt" }
                SCRIPT
                """));
        DockerfileBuilder.build(store, build(ctx).withTags(List.of("awk:1")));
        assertThat(Files.readString(unpack(store, "awk:1", tmp.resolve("fs")).resolve("awk.txt")))
                .as("the kernel ran the file with its #! interpreter; $WHO stays as written").isEqualTo("from awk, $WHO\n");
        for (Layer l : image(store, "awk:1").layers()) {
            assertThat(LayerEntries.names(l)).noneMatch(n -> n.startsWith("dev"));
        }
    }
}
