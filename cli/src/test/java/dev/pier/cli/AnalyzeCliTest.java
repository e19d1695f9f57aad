package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history, analyze, squash and scan from the command line, on a generated image. */
class AnalyzeCliTest {
    @TempDir
    Path tmp;

    String oci;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void image() throws Exception {
        byte[] big = new byte[3000];
        TestImages.image()
                .layer(w -> w.addFile("opt/big", TestImages.FILE, big.length, new ByteArrayInputStream(big)))
                .layer(w -> {
                    w.addWhiteout("opt/big", TestImages.FILE);
                    w.addFile("usr/bin/su", EntryAttributes.of(04755), 2, new ByteArrayInputStream("#!".getBytes()));
                })
                .env("API_TOKEN=abcdef123456")
                .write(OciLayout.openOrCreate(tmp.resolve("l")), "v1");
        oci = "oci:" + tmp.resolve("l") + ":v1";
    }

    private int pier(String... args) {
        return Pier.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void historyPrintsDockerColumnsAndADockerfile() {
        assertThat(pier("--root", tmp.resolve("store").toString(), "history", oci)).isZero();
        assertThat(out.toString()).contains("IMAGE", "CREATED BY", "SIZE", "test layer 1", "<missing>");
        assertThat(pier("history", "--dockerfile", oci)).isZero();
        assertThat(out.toString()).contains("FROM scratch", "# test layer 0");
        assertThat(pier("history", "--format", "json", oci)).isZero();
        assertThat(out.toString()).contains("\"emptyLayer\" : false");
    }

    @Test
    void analyzeFailsTheCiRulesAndWritesHtml() throws Exception {
        Path html = tmp.resolve("r.html");
        assertThat(pier("analyze", "--ci", "--html", html.toString(), oci)).isEqualTo(1);
        assertThat(err.toString()).contains("FAIL: lowest-efficiency:", "FAIL: highest-user-wasted-percent:");
        assertThat(out.toString()).contains("wasted bytes: 3.00kB");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
        assertThat(pier("analyze", "--format", "json", oci)).isZero();
    }

    @Test
    void squashWritesAOneLayerImage() {
        assertThat(pier("squash", "--all", "-t", "oci:" + tmp.resolve("l") + ":flat", oci)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("squashed 2 of 2 layers into one");
        assertThat(pier("analyze", "--ci", "oci:" + tmp.resolve("l") + ":flat")).as(err.toString()).isZero();
    }

    @Test
    void scanFailsOnHighFindingsAndWritesSboms() throws Exception {
        Path spdx = tmp.resolve("spdx.json");
        Path cdx = tmp.resolve("cdx.json");
        assertThat(pier("scan", "--fail-on", "high", "--sbom-spdx", spdx.toString(), "--sbom-cyclonedx", cdx.toString(), oci))
                .isEqualTo(1);
        assertThat(out.toString()).contains("runs-as-root", "setuid-executable", "/usr/bin/su (layer 1)", "secret-generic");
        assertThat(Files.readString(spdx)).contains("SPDX-2.3");
        assertThat(Files.readString(cdx)).contains("CycloneDX");
        assertThat(pier("scan", "--format", "sarif", oci)).isZero();
        assertThat(out.toString()).contains("\"version\" : \"2.1.0\"");
    }
}
