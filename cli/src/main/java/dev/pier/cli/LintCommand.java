package dev.pier.cli;

import dev.pier.analyze.lint.LintConfig;
import dev.pier.analyze.lint.LintReport;
import dev.pier.analyze.lint.LintRule;
import dev.pier.analyze.lint.LintSarif;
import dev.pier.analyze.lint.LintSeverity;
import dev.pier.analyze.lint.LintText;
import dev.pier.analyze.lint.Linter;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pier lint [-f] Dockerfile}: the Dockerfile linter. Without {@code --config}, a
 * {@code .pier-lint.yaml} beside the Dockerfile is used when there is one.
 */
@Command(name = "lint", description = "Check a Dockerfile: package caches left in layers, root users, unpinned bases, "
        + "secrets in ENV/ARG, ADD for COPY, JDKs and compilers in the final image, and more (see --list-rules).")
final class LintCommand implements Callable<Integer> {
    static final String CONFIG_FILE = ".pier-lint.yaml";

    @ParentCommand
    Pier pier;

    @Parameters(arity = "0..1", paramLabel = "DOCKERFILE", description = "The Dockerfile (default: Dockerfile in the context, or here).")
    Path positional;

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE", description = "The Dockerfile, as for pier build.")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text (default), json or sarif.")
    String format;

    @Option(names = "--config", paramLabel = "FILE", description = "A lint configuration (default: " + CONFIG_FILE + " beside the Dockerfile).")
    Path config;

    @Option(names = "--context", paramLabel = "DIR", description = "The build context, to check its size against its .dockerignore.")
    Path context;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Exit 1 when a finding is at least this severe: info, warning or error.")
    String failOn;

    @Option(names = "--list-rules", description = "Print the rules and exit.")
    boolean listRules;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = pier.out();
        if (listRules) {
            for (LintRule r : Linter.rules()) {
                out.printf("%s %-8s %-28s %s%n", r.id(), r.severity().label(), r.name(), r.description());
            }
            out.flush();
            return ExitCode.OK;
        }
        if (!format.equals("text") && !format.equals("json") && !format.equals("sarif")) {
            throw new PierException("unsupported --format " + format + ": use text, json or sarif");
        }
        if (file != null && positional != null) {
            throw new PierException("give the Dockerfile once: either -f " + file + " or " + positional);
        }
        LintSeverity threshold = failOn == null ? null : LintSeverity.parse(failOn);
        Path dockerfile = file != null ? file : positional != null ? positional
                : (context != null ? context : Path.of("")).resolve("Dockerfile");
        if (context != null && !Files.isDirectory(context)) {
            throw new PierException("--context " + context + " is not a directory");
        }
        LintReport report = Linter.lint(dockerfile, dockerfile.toString(), context, config(dockerfile));
        switch (format) {
            case "json" -> out.println(Json.pretty(report));
            case "sarif" -> out.println(Json.pretty(LintSarif.of(report, version())));
            default -> out.print(LintText.render(report));
        }
        out.flush();
        return threshold != null && report.hasAtLeast(threshold) ? ExitCode.USER_ERROR : ExitCode.OK;
    }

    private LintConfig config(Path dockerfile) throws java.io.IOException {
        if (config != null) {
            return LintConfig.load(config, Linter.ruleIds());
        }
        Path beside = dockerfile.toAbsolutePath().resolveSibling(CONFIG_FILE);
        return Files.isRegularFile(beside) ? LintConfig.load(beside, Linter.ruleIds()) : LintConfig.DEFAULT;
    }

    private static String version() {
        String v = Pier.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
