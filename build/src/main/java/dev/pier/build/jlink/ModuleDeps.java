package dev.pier.build.jlink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JDK modules an application uses, from
 * {@code jdeps --print-module-deps --ignore-missing-deps --multi-release <N> --class-path <jars> <targets>}.
 * {@code java.base} is always in the result.
 */
public final class ModuleDeps {
    private ModuleDeps() {}

    /**
     * Analyses the output directories and jars of an application.
     *
     * @param outputDirectories class directories (skipped when they hold no class)
     * @param jars dependency jars, analysed too and used as the class path
     */
    public static SortedSet<String> of(List<Path> outputDirectories, List<Path> jars) throws java.io.IOException {
        List<String> targets = new ArrayList<>();
        for (Path dir : outputDirectories) {
            if (holdsClasses(dir)) {
                targets.add(dir.toString());
            }
        }
        jars.forEach(j -> targets.add(j.toString()));
        SortedSet<String> modules = new TreeSet<>(List.of("java.base"));
        if (targets.isEmpty()) {
            return modules;
        }
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(Runtime.version().feature())));
        if (!jars.isEmpty()) {
            args.add("--class-path");
            args.add(String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()));
        }
        args.addAll(targets);
        String out = Tools.run("jdeps", args);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        Arrays.stream(last.split(",")).map(String::strip).filter(s -> s.matches("[a-zA-Z0-9_.]+")).forEach(modules::add);
        return modules;
    }

    private static boolean holdsClasses(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var walk = Files.walk(dir)) {
            return walk.anyMatch(p -> p.toString().endsWith(".class"));
        }
    }
}
