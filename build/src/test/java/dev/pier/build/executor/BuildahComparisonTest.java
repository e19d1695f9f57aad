package dev.pier.build.executor;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.unpack.ImageUnpacker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pier and Debian's buildah build the same RUN-less Dockerfile: same files, same config. */
class BuildahComparisonTest {
    @TempDir
    Path tmp;

    private static final String DOCKERFILE = """
            ARG BASE
            ARG GREETING=hello
            FROM ${BASE} AS build
            ARG GREETING
            ENV DIR=/opt/app GREETING_ENV=${GREETING}-world
            WORKDIR /opt
            COPY src/ ${DIR}/src/
            COPY *.txt ${DIR}/
            COPY --chown=1000:50 conf /etc/app/conf
            COPY --chmod=600 secret.cfg /etc/app/
            FROM ${BASE}
            ARG GREETING
            COPY --from=build /opt/app /srv/app
            COPY --from=build /etc/app /etc/app
            WORKDIR /srv/app
            ENV G=${GREETING:-none} H=${UNSET:-default} I=${GREETING:+set}
            LABEL org.example.version="1.0" greeting="$GREETING"
            EXPOSE 8080 53/udp
            USER 1000:1001
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["echo hi"]
            """;

    @Test
    void sameFilesAndConfigAsBuildah() throws Exception {
        Peers.requireRoot();
        Path buildah = Peers.require("buildah");
        LocalStore store = storeWithBase(tmp);
        String base = "oci:" + tmp.resolve("base") + ":busybox";
        try (var src = ImageLocation.parse(BASE, () -> store).openSource();
             var dst = ImageLocation.parse(base, () -> store).openDestination()) {
            ImageCopier.copy(src, dst, CopyOptions.defaults(), CopyListener.NONE);
        }
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", DOCKERFILE, ".dockerignore", "**/*.log\nsrc/tmp\n",
                "src/main.sh", "#!/bin/sh\necho main\n", "src/lib/util.txt", "util", "src/debug.log", "no",
                "src/tmp/x", "no", "a.txt", "a", "b.txt", "b", "conf", "conf", "secret.cfg", "s"));
        Files.setAttribute(ctx.resolve("src/main.sh"), "unix:mode", 0755);
        Files.createSymbolicLink(ctx.resolve("src/link"), Path.of("main.sh"));
        Map<String, String> args = Map.of("BASE", base, "GREETING", "hey");

        String pierOut = "oci:" + tmp.resolve("pier-out") + ":out";
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withBuildArgs(args).withOutputs(List.of(pierOut)));

        String root = tmp.resolve("buildah-root").toString();
        String runroot = tmp.resolve("buildah-run").toString();
        List<String> bud = new ArrayList<>(List.of(buildah.toString(), "--root", root, "--runroot", runroot,
                "--storage-driver", "vfs", "bud", "--layers", "--timestamp", "0", "-t", "localhost/cmp:latest"));
        args.forEach((k, v) -> bud.addAll(List.of("--build-arg", k + "=" + v)));
        bud.add(ctx.toString());
        Exec.of(bud).check();
        String buildahOut = "oci:" + tmp.resolve("buildah-out") + ":out";
        Exec.of(buildah, "--root", root, "--runroot", runroot, "--storage-driver", "vfs", "push", "localhost/cmp:latest", buildahOut).check();

        var pierImage = ImageLocation.parse(pierOut, () -> store).openSource().image();
        var buildahImage = ImageLocation.parse(buildahOut, () -> store).openSource().image();
        Path pierRoot = tmp.resolve("pier-root");
        Path buildahRoot = tmp.resolve("buildah-root-fs");
        ImageUnpacker.withDefaults().unpackInto(pierImage, pierRoot);
        ImageUnpacker.withDefaults().unpackInto(buildahImage, buildahRoot);
        assertThat(FlatTree.of(pierRoot)).isEqualTo(FlatTree.of(buildahRoot));
        assertThat(FlatTree.of(pierRoot)).containsKey("srv/app/src/main.sh").doesNotContainKey("srv/app/src/debug.log");

        ContainerConfig p = pierImage.config().config();
        ContainerConfig b = buildahImage.config().config();
        assertThat(p.env()).isEqualTo(b.env());
        assertThat(p.cmd()).isEqualTo(b.cmd());
        assertThat(p.entrypoint()).isEqualTo(b.entrypoint());
        assertThat(p.workingDir()).isEqualTo(b.workingDir());
        assertThat(p.user()).isEqualTo(b.user());
        assertThat(p.exposedPorts()).isEqualTo(b.exposedPorts());
        Map<String, String> buildahLabels = new TreeMap<>(b.labels());
        buildahLabels.keySet().removeIf(k -> k.startsWith("io.buildah."));
        assertThat(p.labels()).isEqualTo(buildahLabels);
    }
}
