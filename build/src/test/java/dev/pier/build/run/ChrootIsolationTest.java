package dev.pier.build.run;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.build.executor.BuildOptions;
import dev.pier.build.executor.DockerfileBuilder;
import dev.pier.build.executor.FlatTree;
import dev.pier.image.PierException;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.Layer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN chroot-isolated ({@code --isolation=chroot}), on the host as root: the user, working
 * directory and environment of the step, device nodes that stay out of the layer, the host's
 * files out of sight, RUN --mount refused. Inside an unprivileged container it is
 * BuildInContainerTest (cli) that shows it.
 */
class ChrootIsolationTest {
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
        return options(ctx, progress).withRunStep(
                new RuntimeRunStep(tmp.resolve("cache-mounts"), RuntimeRunStep.Mode.COPY, Isolation.CHROOT, progress::add));
    }

    @Test
    void runsAsTheStepsUserInItsDirectoryWithItsEnvironment() throws Exception {
        Path hostOnly = Files.writeString(tmp.resolve("host-only"), "x");
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN mkdir /out && chown app /out && echo null > /dev/null && test -c /dev/null && test ! -e %s
                ENV GREETING=hello
                USER app
                WORKDIR /out
                RUN busybox id -u > uid && busybox id -g >> uid && busybox pwd > pwd && echo $GREETING > env
                """.formatted(hostOnly)));
        DockerfileBuilder.build(store, build(ctx).withTags(List.of("chroot:1")));
        Path fs = unpack(store, "chroot:1", tmp.resolve("fs"));
        assertThat(Files.readString(fs.resolve("out/uid"))).isEqualTo("1000\n1001\n");
        assertThat(Files.readString(fs.resolve("out/pwd"))).isEqualTo("/out\n");
        assertThat(Files.readString(fs.resolve("out/env"))).isEqualTo("hello\n");
        assertThat(FlatTree.of(fs).get("out/uid")).startsWith("file 644 1000:1001");
        for (Layer l : image(store, "chroot:1").layers()) {
            assertThat(LayerEntries.names(l)).noneMatch(n -> n.startsWith("dev") || n.startsWith("proc"));
        }
    }

    @Test
    void heredocScriptForAnotherInterpreterRunsChrooted() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN ln -s busybox /bin/awk
                RUN <<SCRIPT
                #!/bin/awk -f
                BEGIN { print "from awk" > "/awk.txt" }
                SCRIPT
                """));
        DockerfileBuilder.build(store, build(ctx).withTags(List.of("awk:1")));
        assertThat(Files.readString(unpack(store, "awk:1", tmp.resolve("fs")).resolve("awk.txt"))).isEqualTo("from awk\n");
        for (Layer l : image(store, "awk:1").layers()) {
            assertThat(LayerEntries.names(l)).noneMatch(n -> n.startsWith("dev"));
        }
    }

    @Test
    void failingCommandFailsTheStep() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN echo going && exit 3
                """));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, build(ctx)))
                .isInstanceOf(PierException.class).hasMessageContaining("exit code 3").hasMessageContaining("going");
    }

    @Test
    void missingProgramIsOneClearLine() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN ["no-such-program"]
                """));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, build(ctx)))
                .isInstanceOf(PierException.class).hasMessageContaining("exit code 127")
                .hasMessageContaining("executable file not found");
    }

    @Test
    void runMountIsRefused() throws Exception {
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                RUN --mount=type=cache,target=/var/cache/app true
                """));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, build(ctx)))
                .isInstanceOf(PierException.class).hasMessageContaining("chroot isolation cannot make");
    }

    @Test
    void automaticIsolationIsOciWhereNamespacesCanBeMade() {
        assertThat(Isolation.namespacesDenied()).as("root on this machine can create namespaces").isEmpty();
    }
}
