package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lower modules never use higher ones (shared/DESIGN.md, "Modules"): every {@code dev.pier.X}
 * reference in a module's main sources must name a module it may depend on. One change to the
 * design's table: analyze may use build, because the linter shares the builder's Dockerfile
 * parser and squash shares its layer-diff engine.
 */
class ModuleBoundaryTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "image", Set.of("image"),
            "registry", Set.of("registry", "image"),
            "runtime", Set.of("runtime", "image"),
            "build", Set.of("build", "image", "runtime"),
            "analyze", Set.of("analyze", "image", "runtime", "build"),
            "cli", Set.of("cli", "image", "registry", "runtime", "build", "analyze"),
            "maven-plugin", Set.of("maven", "image", "build"));
    private static final Pattern USE = Pattern.compile("\\bdev\\.pier\\.([a-z]+)\\.");

    @Test
    void modulesDependOnlyDownwards() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (var module : ALLOWED.entrySet()) {
            Path src = repo.resolve(module.getKey()).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    checked++;
                    Matcher m = USE.matcher(Files.readString(f));
                    while (m.find()) {
                        if (!module.getValue().contains(m.group(1))) {
                            violations.add(repo.relativize(f) + " uses dev.pier." + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(checked).as("source files checked").isGreaterThan(50);
        assertThat(violations).isEmpty();
    }
}
