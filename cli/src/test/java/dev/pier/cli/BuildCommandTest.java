package dev.pier.cli;

import static dev.pier.cli.RegistryCliTest.pier;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pier build from scratch: tags into the store, --output, progress lines, one-line errors. */
class BuildCommandTest {
    @TempDir
    Path tmp;

    @Test
    void buildsTagsAndReportsErrors() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("hello.txt"), "hi");
        Files.writeString(ctx.resolve("Dockerfile.custom"), "FROM scratch\nARG WHERE=/srv\nCOPY hello.txt ${WHERE}/\nCMD [\"/srv/hello.txt\"]\n");
        String root = tmp.resolve("store").toString();
        var r = pier("--root", root, "build", "-f", ctx.resolve("Dockerfile.custom").toString(), "-t", "hello:v1",
                "--build-arg", "WHERE=/data", "--timestamp", "0", "--output", "oci:" + tmp.resolve("out") + ":v1", ctx.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("[stage-0 3/4] COPY hello.txt ${WHERE}/").contains("writing image sha256:");
        assertThat(pier("--root", root, "images").out()).contains("hello");
        assertThat(tmp.resolve("out/index.json")).isRegularFile();

        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY missing /x\n");
        var bad = pier("--root", root, "build", ctx.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err().strip()).isEqualTo("pier: Dockerfile:2: COPY: source missing: no such file or directory in the build context");
    }
}
