package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PL011: the final stage is based on a full JDK or a build tool image ({@code openjdk},
 * {@code eclipse-temurin:*-jdk}, {@code maven}, {@code gradle}, {@code amazoncorretto}, ...): it
 * ships a compiler and tools that a running application does not need. Stage references are
 * followed to the external image.
 */
public final class JdkBaseRule implements LintRule {
    @Override
    public String id() {
        return "PL011";
    }

    @Override
    public String name() {
        return "jdk-in-final-stage";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "The final stage is based on a full JDK or build tool image where a JRE or a jlink runtime would do.";
    }

    @Override
    public String fix() {
        return "build in a JDK stage and run on a JRE image (e.g. eclipse-temurin:21-jre) or a jlink-made runtime";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        Optional<Dockerfile.Stage> last = context.finalStage();
        Optional<String> base = last.flatMap(context::baseImage);
        if (base.isEmpty() || !isJdk(base.get())) {
            return List.of();
        }
        return List.of(finding(last.get().from(), "the final stage runs on " + base.get()
                + ", a full JDK or build tool image"));
    }

    /** Whether {@code image} names a JDK or Java build tool image. */
    static boolean isJdk(String image) {
        String lower = image.toLowerCase(Locale.ROOT);
        String repo = ImageTagRule.repository(lower);
        String tag = Optional.ofNullable(ImageTagRule.tag(lower)).orElse("");
        boolean jre = tag.contains("jre") || tag.contains("headless") && repo.equals("amazoncorretto");
        return switch (repo) {
            case "maven", "gradle" -> true;
            case "openjdk", "eclipse-temurin", "amazoncorretto", "sapmachine", "zulu-openjdk", "zulu-openjdk-alpine",
                 "zulu-openjdk-debian", "graalvm-ce", "jdk" -> !jre && (!repo.equals("jdk") || lower.contains("openjdk/jdk"));
            case "ibm-semeru-runtimes" -> tag.contains("jdk");
            default -> repo.startsWith("liberica-openjdk");
        };
    }
}
