package dev.pier.build.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .dockerignore} file with Docker's semantics (moby's patternmatcher): one pattern a line,
 * {@code #} comments, blank lines ignored; patterns are cleaned as Go's {@code filepath.Clean}
 * does and a leading {@code /} is dropped; {@code *}, {@code ?}, character classes and {@code \}
 * escapes as in Go's {@code filepath.Match}; {@code **} matches any number of directories; a
 * leading {@code !} makes an exception. The last pattern that matches a path decides; a pattern
 * also matches everything below a directory it matches.
 */
public final class DockerIgnore {
    /** One pattern of the file. */
    public record Rule(String pattern, boolean exception, java.util.regex.Pattern regex, int depth) {}

    private static final DockerIgnore NONE = new DockerIgnore(List.of());
    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No patterns: nothing is excluded. */
    public static DockerIgnore none() {
        return NONE;
    }

    /** Parses the content of a .dockerignore file. */
    public static DockerIgnore parse(String content) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : content.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            if (exception) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String p = GoPattern.clean(line);
            if (p.length() > 1 && p.startsWith("/")) {
                p = p.substring(1);
            }
            rules.add(new Rule(p, exception, GoPattern.compile(p, ".dockerignore"), p.split("/").length));
        }
        return new DockerIgnore(rules);
    }

    /**
     * The ignore file of a build: {@code <Dockerfile>.dockerignore} beside the Dockerfile when it
     * exists, else {@code .dockerignore} at the root of the context, else none.
     */
    public static DockerIgnore forBuild(Path context, Path dockerfile) throws IOException {
        if (dockerfile != null) {
            Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
            if (Files.isRegularFile(specific)) {
                return parse(Files.readString(specific, StandardCharsets.UTF_8));
            }
        }
        Path general = context.resolve(".dockerignore");
        return Files.isRegularFile(general) ? parse(Files.readString(general, StandardCharsets.UTF_8)) : none();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Whether {@code path} (relative to the context, {@code /}-separated) is excluded. */
    public boolean excludes(String path) {
        String file = GoPattern.clean(path);
        if (file.startsWith("/")) {
            file = file.substring(1);
        }
        String[] parents = file.split("/");
        boolean matched = false;
        for (Rule r : rules) {
            boolean match = r.regex().matcher(file).matches();
            if (!match && parents.length > 1 && r.depth() <= parents.length - 1) {
                // A pattern matching a parent directory matches what is inside it.
                match = r.regex().matcher(String.join("/", java.util.Arrays.copyOf(parents, r.depth()))).matches();
            }
            if (match) {
                matched = !r.exception();
            }
        }
        return matched;
    }

    /** Whether some exception could re-include something below the excluded directory {@code dir}. */
    boolean mayReinclude(String dir) {
        return rules.stream().anyMatch(Rule::exception);
    }
}
