package dev.pier.analyze.lint;

import static dev.pier.analyze.lint.LintFixtures.ids;
import static dev.pier.analyze.lint.LintFixtures.lint;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The edges of single rules. */
class RulesTest {
    @Test
    void fromTagsLatestAndMissingButNotScratchStagesDigestsOrRegistryPorts() {
        String df = """
                ARG BASE=debian
                FROM ${BASE} AS a
                FROM localhost:5000/app AS b
                FROM alpine:latest AS c
                FROM a
                FROM scratch
                FROM busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000
                FROM ${UNKNOWN}
                USER 1
                """;
        assertThat(ids(lint(df))).containsExactly("PL004@2", "PL004@3", "PL004@4");
    }

    @Test
    void rootUserIsInheritedThroughStageReferencesAndUserRootIsReported() {
        assertThat(ids(lint("FROM alpine:3 AS a\nUSER app\nFROM a\nRUN true\n"))).isEmpty();
        assertThat(ids(lint("FROM alpine:3\nUSER app\nUSER 0:0\n"))).containsExactly("PL003@3");
        assertThat(ids(lint("FROM alpine:3 AS a\nUSER app\nFROM alpine:3\n"))).containsExactly("PL003@3");
    }

    @Test
    void consecutiveRunsAreReportedOncePerGroupAndRespectTheThreshold() {
        String df = "FROM alpine:3\nRUN a\nRUN b\nRUN c\nENV X=1\nRUN d\nRUN --network=none e\nUSER 1\n";
        LintReport r = lint(df);
        assertThat(ids(r)).containsExactly("PL002@3");
        assertThat(r.findings().getFirst().message()).contains("3 consecutive RUN instructions (lines 2-4)");
        LintConfig four = new LintConfig(java.util.Set.of(), java.util.Map.of(), 1, 4);
        assertThat(ids(lint(df, four, null))).isEmpty();
    }

    @Test
    void packageCachesCountCleanupsAndCacheMountsInTheSameRunOnly() {
        String df = """
                FROM debian:12
                RUN apt-get update && apt-get -y --no-install-recommends install curl
                RUN rm -rf /var/lib/apt/lists/*
                WORKDIR /
                RUN --mount=type=cache,target=/var/lib/apt apt-get -qq install --no-install-recommends curl
                WORKDIR /
                RUN python3 -m pip install --user flask
                WORKDIR /
                RUN microdnf install -y x --setopt=keepcache=0
                WORKDIR /
                RUN npm install --cache /tmp/npm && npm i -g x --cache /tmp/n
                USER 1
                """;
        assertThat(ids(lint(df))).containsExactly("PL001@2", "PL002@3", "PL001@7");
    }

    @Test
    void heredocAndExecFormRunsAreLinted() {
        String df = "FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y --no-install-recommends curl\nEOF\n"
                + "WORKDIR /\nRUN [\"sh\", \"-c\", \"sudo true\"]\nUSER 1\n";
        assertThat(ids(lint(df))).containsExactly("PL001@2", "PL009@7");
    }

    @Test
    void addIsFineForUrlsArchivesAndGitButNotLocalFiles() {
        String df = "FROM alpine:3\nADD https://x/y /\nADD a.tar.xz /\nADD git@github.com:o/r.git /src\nADD a b /\nUSER 1\n";
        assertThat(ids(lint(df))).containsExactly("PL005@5");
    }

    @Test
    void secretNamesNeedALiteralValue() {
        String df = """
                FROM alpine:3
                ARG NPM_TOKEN
                ARG AWS_SECRET_ACCESS_KEY="abc"
                ENV api_key=xyz PASSWORD_FILE=/run/s TOKEN_URL=http://x GITHUB_TOKEN=${GITHUB_TOKEN} PWD=/x
                ENV SECRET ''
                USER 1
                """;
        assertThat(ids(lint(df))).containsExactly("PL006@3", "PL006@4");
    }

    @Test
    void jdkBasesAreReportedInTheFinalStageOnly() {
        assertThat(JdkBaseRule.isJdk("openjdk:17")).isTrue();
        assertThat(JdkBaseRule.isJdk("eclipse-temurin:21-jdk-jammy")).isTrue();
        assertThat(JdkBaseRule.isJdk("docker.io/library/maven:3-eclipse-temurin-21")).isTrue();
        assertThat(JdkBaseRule.isJdk("gradle:8")).isTrue();
        assertThat(JdkBaseRule.isJdk("amazoncorretto:21")).isTrue();
        assertThat(JdkBaseRule.isJdk("mcr.microsoft.com/openjdk/jdk:21-ubuntu")).isTrue();
        assertThat(JdkBaseRule.isJdk("eclipse-temurin:21-jre")).isFalse();
        assertThat(JdkBaseRule.isJdk("ibm-semeru-runtimes:open-21-jre")).isFalse();
        assertThat(JdkBaseRule.isJdk("debian:12")).isFalse();
        String df = "FROM maven:3.9 AS build\nRUN mvn package\nFROM build AS final\nUSER 1\n";
        assertThat(ids(lint(df))).containsExactly("PL011@3");
    }

    @Test
    void buildToolsAreReportedInSingleStageBuildsOnly() {
        String single = "FROM golang:1.23\nRUN apk add --no-cache build-base go=1.22.5-r0 curl\nUSER 1\n";
        assertThat(ids(lint(single))).containsExactly("PL012@1", "PL012@2");
        assertThat(lint(single).findings().get(1).message()).contains("build-base, go").doesNotContain("curl");
        String multi = "FROM golang:1.23 AS b\nRUN apk add --no-cache gcc\nFROM alpine:3\nUSER 1\n";
        assertThat(ids(lint(multi))).isEmpty();
    }
}
