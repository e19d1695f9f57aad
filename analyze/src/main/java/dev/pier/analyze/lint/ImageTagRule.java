package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import java.util.ArrayList;
import java.util.List;

/**
 * PL004: FROM an image tagged {@code latest}, or with no tag (which means latest): the build
 * changes whenever the tag moves. Not reported for {@code scratch}, stage references, digests,
 * or names that hold a variable without a default.
 */
public final class ImageTagRule implements LintRule {
    @Override
    public String id() {
        return "PL004";
    }

    @Override
    public String name() {
        return "unpinned-base-image";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "FROM uses the latest tag, or no tag at all.";
    }

    @Override
    public String fix() {
        return "pin a version tag (e.g. debian:12.7-slim), or a digest (@sha256:...)";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (Dockerfile.Stage stage : context.dockerfile().stages()) {
            String image = context.expand(stage.from().image());
            if (image == null || image.equalsIgnoreCase("scratch") || image.contains("@")
                    || context.earlierStage(image, stage.index()).isPresent()) {
                continue;
            }
            String tag = tag(image);
            if (tag == null) {
                out.add(finding(stage.from(), "FROM " + image + " has no tag, so it means " + image + ":latest"));
            } else if (tag.equals("latest")) {
                out.add(finding(stage.from(), "FROM " + image + " uses the latest tag, which moves"));
            }
        }
        return out;
    }

    /** The tag of an image reference, or null without one ({@code localhost:5000/app} has none). */
    static String tag(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon < 0 ? null : last.substring(colon + 1);
    }

    /** The repository's last path component, lower case: {@code eclipse-temurin}. */
    static String repository(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return (colon < 0 ? last : last.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
    }
}
