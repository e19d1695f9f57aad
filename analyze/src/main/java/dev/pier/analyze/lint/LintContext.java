package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.Instruction;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the rules look at: the parsed Dockerfile, where it is, the build context (if given) and
 * the configuration.
 *
 * @param dockerfile the parsed Dockerfile
 * @param dockerfilePath the Dockerfile on disk, or null when it was not read from a file
 * @param contextDir the build context directory, or null when none was given
 * @param config thresholds, ignored rules and severities
 */
public record LintContext(Dockerfile dockerfile, Path dockerfilePath, Path contextDir, LintConfig config) {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?}|([A-Za-z_][A-Za-z0-9_]*))");

    public LintContext {
        config = config == null ? LintConfig.DEFAULT : config;
    }

    /** The last stage: the one a build without {@code --target} produces. */
    public Optional<Dockerfile.Stage> finalStage() {
        List<Dockerfile.Stage> stages = dockerfile.stages();
        return stages.isEmpty() ? Optional.empty() : Optional.of(stages.getLast());
    }

    /** The stage defined before {@code before} under the name {@code name}, if any (a stage reference in FROM). */
    public Optional<Dockerfile.Stage> earlierStage(String name, int before) {
        String n = name.toLowerCase(Locale.ROOT);
        List<Dockerfile.Stage> stages = dockerfile.stages();
        for (int i = Math.min(before, stages.size()) - 1; i >= 0; i--) {
            if (stages.get(i).name().map(n::equals).orElse(false)) {
                return Optional.of(stages.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The external image {@code stage} starts from, following stage references
     * ({@code FROM build AS final}); empty for {@code scratch}, an unresolvable variable, or a loop.
     */
    public Optional<String> baseImage(Dockerfile.Stage stage) {
        Dockerfile.Stage s = stage;
        for (int hops = 0; hops <= dockerfile.stages().size(); hops++) {
            String image = expand(s.from().image());
            if (image == null || image.equalsIgnoreCase("scratch")) {
                return Optional.empty();
            }
            Optional<Dockerfile.Stage> parent = earlierStage(image, s.index());
            if (parent.isEmpty()) {
                return Optional.of(image);
            }
            s = parent.get();
        }
        return Optional.empty();
    }

    /**
     * {@code text} with {@code $VAR} and {@code ${VAR}} replaced by the defaults of the global
     * ARGs; null when a variable has no default.
     */
    public String expand(String text) {
        Map<String, String> defaults = new HashMap<>();
        for (Instruction.Arg a : dockerfile.globalArgs()) {
            for (Instruction.ArgDecl d : a.args()) {
                defaults.put(d.name(), d.defaultValue() == null ? null : unquote(d.defaultValue()));
            }
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = defaults.get(m.group(1) != null ? m.group(1) : m.group(2));
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code s} without one pair of surrounding quotes. */
    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
