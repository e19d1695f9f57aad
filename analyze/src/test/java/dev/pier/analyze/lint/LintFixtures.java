package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.DockerfileParser;
import java.nio.file.Path;
import java.util.List;

/** Dockerfiles for the lint tests, and a shortcut to lint one. */
final class LintFixtures {
    /** One problem (or more) per line; the comments at the end of the text name the findings by line. */
    static final String BAD = """
            FROM ubuntu
            ENV DB_PASSWORD=hunter2 APP_HOME=/app
            ARG GITHUB_TOKEN=ghp_abcdef0123456789
            RUN apt-get update && apt-get install curl gcc
            WORKDIR /app
            RUN sudo apk add git
            WORKDIR /x
            RUN pip install flask
            COPY . .
            RUN yum install -y make
            RUN npm ci
            ADD app.py /app/
            USER root
            """;

    /** "rule@line" for every finding BAD must give. */
    static final List<String> BAD_FINDINGS = List.of(
            "PL004@1", "PL006@2", "PL006@3", "PL001@4", "PL007@4", "PL008@4", "PL012@4", "PL001@6", "PL009@6",
            "PL001@8", "PL001@10", "PL012@10", "PL001@11", "PL002@11", "PL005@12", "PL003@13");

    /** A careful multi-stage build: no findings. */
    static final String CLEAN = """
            # syntax=docker/dockerfile:1
            ARG JAVA=21
            FROM eclipse-temurin:${JAVA}-jdk AS build
            WORKDIR /src
            COPY . .
            RUN apt-get update \\
             && apt-get install -y --no-install-recommends make \\
             && rm -rf /var/lib/apt/lists/*
            RUN --mount=type=cache,target=/root/.m2 ./mvnw -q package \\
             && pip install --no-cache-dir -r requirements.txt \\
             && npm ci && npm cache clean --force

            FROM eclipse-temurin:${JAVA}-jre AS runtime
            RUN apk add --no-cache tini && dnf install -y x && dnf clean all
            COPY --from=build /src/target/app.jar /app/app.jar
            ADD https://example.com/tool.tar.gz /opt/
            ADD vendor.tar.gz /opt/
            ENV JAVA_OPTS="-Xmx512m" DB_PASSWORD_FILE=/run/secrets/db TOKEN=$TOKEN
            ARG API_KEY
            USER 65532:65532

            FROM runtime AS final
            ENTRYPOINT ["java", "-jar", "/app/app.jar"]
            """;

    private LintFixtures() {}

    static LintReport lint(String content) {
        return lint(content, LintConfig.DEFAULT, null);
    }

    static LintReport lint(String content, LintConfig config, Path context) {
        return Linter.lint(new LintContext(DockerfileParser.parse("Dockerfile", content), null, context, config));
    }

    static List<String> ids(LintReport report) {
        return report.findings().stream().map(f -> f.rule() + "@" + f.line()).toList();
    }
}
