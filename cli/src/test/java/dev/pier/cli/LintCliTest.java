package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pier lint from the command line: outputs and exit codes. */
class LintCliTest {
    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    Path dockerfile;

    @BeforeEach
    void dockerfile() throws Exception {
        dockerfile = Files.writeString(tmp.resolve("Dockerfile"), """
                FROM ubuntu
                ENV API_KEY=abc123
                RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
                USER 1000
                """);
    }

    private int pier(String... args) {
        return Pier.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void textOutputAndExitCodesFollowFailOn() {
        assertThat(pier("lint", dockerfile.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(dockerfile + ":1 PL004 warning: ", dockerfile + ":2 PL006 error: ", "(fix: ");
        assertThat(pier("lint", "-f", dockerfile.toString(), "--fail-on", "error")).isEqualTo(1);
        assertThat(pier("lint", "-f", dockerfile.toString(), "--fail-on", "warning")).isEqualTo(1);
    }

    @Test
    void aCleanDockerfilePassesEvenWithFailOnInfo() throws Exception {
        Path clean = Files.writeString(tmp.resolve("Clean.Dockerfile"), "FROM alpine:3.20\nUSER 65532\n");
        assertThat(pier("lint", "--fail-on", "info", clean.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void configBesideTheDockerfileOrGivenExplicitlyIsUsed() throws Exception {
        Files.writeString(tmp.resolve(".pier-lint.yaml"), "ignore: [PL006]\n");
        assertThat(pier("lint", "--fail-on", "error", dockerfile.toString())).as(err.toString()).isZero();
        Path strict = Files.writeString(tmp.resolve("strict.yaml"), "severity: {PL004: error}\n");
        assertThat(pier("lint", "--config", strict.toString(), "--fail-on", "error", dockerfile.toString())).isEqualTo(1);
    }

    @Test
    void jsonAndSarifFormats() {
        assertThat(pier("lint", "--format", "json", dockerfile.toString())).isZero();
        assertThat(out.toString()).contains("\"rule\" : \"PL006\"", "\"severity\" : \"error\"");
        assertThat(pier("lint", "--format", "sarif", dockerfile.toString())).isZero();
        assertThat(out.toString()).contains("\"version\" : \"2.1.0\"", "\"startLine\" : 2");
    }

    @Test
    void contextSizeIsCheckedWithTheDefaultDockerfileInTheContext() throws Exception {
        Files.writeString(tmp.resolve(".pier-lint.yaml"), "thresholds: {context-size: 100}\n");
        Files.write(tmp.resolve("blob"), new byte[200]);
        assertThat(pier("lint", "--context", tmp.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("PL010");
    }

    @Test
    void userErrorsExitOne() throws Exception {
        assertThat(pier("lint", tmp.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file");
        Path broken = Files.writeString(tmp.resolve("Broken"), "FROM alpine:3\nCOPY\n");
        assertThat(pier("lint", broken.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("Broken:2: COPY:");
        assertThat(pier("lint", "--format", "xml", dockerfile.toString())).isEqualTo(1);
        assertThat(pier("lint", "--fail-on", "fatal", dockerfile.toString())).isEqualTo(1);
        assertThat(pier("lint", "-f", dockerfile.toString(), dockerfile.toString())).isEqualTo(1);
        assertThat(pier("lint", "--config", tmp.resolve("nope.yaml").toString(), dockerfile.toString())).isEqualTo(1);
    }

    @Test
    void listRulesPrintsEveryId() {
        assertThat(pier("lint", "--list-rules")).isZero();
        assertThat(out.toString()).contains("PL001", "PL012", "runs-as-root");
    }
}
