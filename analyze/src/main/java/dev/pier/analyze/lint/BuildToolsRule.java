package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PL012: a single-stage build installs compilers or build tools (gcc, make, build-essential,
 * golang, maven, cargo, ...), or starts from a compiler image (golang, rust, gcc): they ship in
 * the image. A multi-stage build compiles in one stage and copies only the result.
 */
public final class BuildToolsRule implements LintRule {
    private static final Pattern TOOL = Pattern.compile(
            "gcc(-\\d+)?|g\\+\\+(-\\d+)?|gcc-c\\+\\+|clang(-\\d+)?|make|cmake|build-essential|build-base|alpine-sdk"
                    + "|golang(-go|-\\d+\\.\\d+)?|go|maven|gradle|cargo|rust|rustc"
                    + "|openjdk-?\\d+-jdk(-headless)?|java-[\\d.]+-openjdk-devel|development tools");
    private static final Set<String> COMPILER_IMAGES = Set.of("golang", "rust", "gcc");
    private static final Set<String> SYSTEM_MANAGERS = Set.of("apt", "apk", "dnf");

    @Override
    public String id() {
        return "PL012";
    }

    @Override
    public String name() {
        return "build-tools-in-single-stage";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "A single-stage build installs compilers or build tools, which then ship in the image.";
    }

    @Override
    public String fix() {
        return "use a multi-stage build: compile in a builder stage, COPY --from it into a slim final stage";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<Dockerfile.Stage> stages = context.dockerfile().stages();
        if (stages.size() != 1) {
            return List.of();
        }
        Dockerfile.Stage only = stages.getFirst();
        List<LintFinding> out = new ArrayList<>();
        Optional<String> base = context.baseImage(only);
        if (base.isPresent() && COMPILER_IMAGES.contains(ImageTagRule.repository(base.get()))) {
            out.add(finding(only.from(), "the only stage starts from " + base.get() + ", a compiler image"));
        }
        for (Instruction i : only.instructions()) {
            if (i instanceof Instruction.Run run) {
                Set<String> tools = new LinkedHashSet<>();
                for (PackageInstall p : PackageInstall.all(ShellScript.commands(run))) {
                    if (SYSTEM_MANAGERS.contains(p.manager())) {
                        p.packages().stream().filter(n -> TOOL.matcher(n.toLowerCase(java.util.Locale.ROOT)).matches())
                                .forEach(tools::add);
                    }
                }
                if (!tools.isEmpty()) {
                    out.add(finding(run, "the only stage installs build tools (" + String.join(", ", tools)
                            + "): they ship in the image"));
                }
            }
        }
        return out;
    }
}
