package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.DockerfileParser;
import dev.pier.build.dockerfile.Instruction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lints a Dockerfile: runs every rule, drops what the configuration or an inline comment
 * ({@code # pier-lint ignore=PL003,PL004} directly above the instruction) ignores, applies the
 * configured severities, and sorts the findings by line.
 */
public final class Linter {
    private static final List<LintRule> RULES = List.of(new PackageCacheRule(), new ConsecutiveRunsRule(),
            new RootUserRule(), new ImageTagRule(), new AddInsteadOfCopyRule(), new SecretInEnvRule(),
            new AptRecommendsRule(), new AptAssumeYesRule(), new SudoRule(), new DockerignoreRule(),
            new JdkBaseRule(), new BuildToolsRule());
    private static final Pattern IGNORE = Pattern.compile("(?i)^pier-lint\\s+ignore\\s*=\\s*([A-Za-z0-9_,\\s]+)");

    private Linter() {}

    /** Every rule, in id order. */
    public static List<LintRule> rules() {
        return RULES;
    }

    /** The ids of every rule. */
    public static Set<String> ruleIds() {
        return RULES.stream().map(LintRule::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Parses and lints {@code dockerfile}; {@code name} is how findings name it, {@code contextDir}
     * may be null.
     */
    public static LintReport lint(Path dockerfile, String name, Path contextDir, LintConfig config) throws IOException {
        Dockerfile df = DockerfileParser.parse(name, java.nio.file.Files.readString(dockerfile));
        return lint(new LintContext(df, dockerfile, contextDir, config));
    }

    /** Lints a parsed Dockerfile. */
    public static LintReport lint(LintContext context) {
        Map<Integer, Set<String>> inline = inlineIgnores(context.dockerfile());
        LintConfig config = context.config();
        List<LintFinding> out = new ArrayList<>();
        for (LintRule rule : RULES) {
            if (config.ignore().contains(rule.id())) {
                continue;
            }
            LintSeverity severity = config.severity().getOrDefault(rule.id(), rule.severity());
            for (LintFinding f : rule.check(context)) {
                if (!inline.getOrDefault(f.line(), Set.of()).contains(f.rule())) {
                    out.add(f.withSeverity(severity));
                }
            }
        }
        out.sort(Comparator.comparingInt(LintFinding::line).thenComparing(LintFinding::rule));
        return new LintReport(context.dockerfile().file(), out);
    }

    /** The rule ids ignored by comments, by the line of the instruction below them. */
    static Map<Integer, Set<String>> inlineIgnores(Dockerfile df) {
        Map<Integer, Set<String>> out = new HashMap<>();
        for (Instruction i : df.instructions()) {
            for (String comment : i.location().comments()) {
                Matcher m = IGNORE.matcher(comment);
                if (m.find()) {
                    for (String id : m.group(1).split("[,\\s]+")) {
                        if (!id.isBlank()) {
                            out.computeIfAbsent(i.location().line(), k -> new LinkedHashSet<>()).add(id.toUpperCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return out;
    }
}
