package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * PL001: a RUN installs packages and leaves the package manager's cache in the layer. A later
 * RUN cannot remove it (the bytes stay in the earlier layer), so the cleanup must happen in the
 * same RUN; a {@code --mount=type=cache} on the cache directory also keeps it out.
 */
public final class PackageCacheRule implements LintRule {
    @Override
    public String id() {
        return "PL001";
    }

    @Override
    public String name() {
        return "package-cache-not-cleaned";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "A RUN installs packages but leaves the package manager's cache in the layer.";
    }

    @Override
    public String fix() {
        return "clean the cache in the same RUN, or use a --mount=type=cache for it";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (Instruction i : context.dockerfile().instructions()) {
            if (i instanceof Instruction.Run run) {
                List<ShellCommand> commands = ShellScript.commands(run);
                Set<String> missed = new LinkedHashSet<>();
                for (PackageInstall p : PackageInstall.all(commands)) {
                    if (!cleaned(p, commands, run.mounts())) {
                        missed.add(p.manager());
                    }
                }
                for (String m : missed) {
                    out.add(finding(run, message(m), fix(m)));
                }
            }
        }
        return out;
    }

    private static boolean cleaned(PackageInstall p, List<ShellCommand> commands, List<String> mounts) {
        return switch (p.manager()) {
            case "apt" -> removes(commands, "/var/lib/apt/lists") || cacheMount(mounts, "/var/lib/apt");
            case "apk" -> p.command().hasOption("--no-cache") || removes(commands, "/var/cache/apk")
                    || cacheMount(mounts, "/var/cache/apk");
            case "dnf" -> p.command().args().stream().anyMatch(a -> a.replace(" ", "").contains("keepcache=0")
                    || a.replace(" ", "").contains("keepcache=false"))
                    || commands.stream().map(ShellCommand::unwrapped).anyMatch(c ->
                            PackageInstall.of(c).isEmpty() && c.name().matches("dnf5?|microdnf|yum")
                                    && c.operands(PackageInstall.VALUED.get("dnf")).equals(List.of("clean", "all")))
                    || removes(commands, "/var/cache/dnf") || removes(commands, "/var/cache/yum")
                    || cacheMount(mounts, "/var/cache/dnf") || cacheMount(mounts, "/var/cache/yum");
            case "pip" -> p.command().hasOption("--no-cache-dir") || cacheMount(mounts, ".cache/pip");
            case "npm" -> p.command().hasOption("--cache")
                    || commands.stream().map(ShellCommand::unwrapped).anyMatch(c -> c.name().equals("npm")
                            && c.operands(Set.of()).size() >= 2 && c.operands(Set.of()).subList(0, 2).equals(List.of("cache", "clean")))
                    || removes(commands, ".npm") || cacheMount(mounts, ".npm");
            default -> true;
        };
    }

    /** Whether a command of the RUN is {@code rm} of a path under {@code dir}. */
    private static boolean removes(List<ShellCommand> commands, String dir) {
        return commands.stream().map(ShellCommand::unwrapped).filter(c -> c.name().equals("rm"))
                .flatMap(c -> c.args().stream()).anyMatch(a -> a.contains(dir));
    }

    private static boolean cacheMount(List<String> mounts, String dir) {
        return mounts.stream().anyMatch(m -> m.contains("type=cache") && m.contains(dir));
    }

    private static String message(String manager) {
        return switch (manager) {
            case "apt" -> "apt-get install without removing /var/lib/apt/lists in the same RUN: the package lists stay in the layer";
            case "apk" -> "apk add without --no-cache: the APK index stays in the layer";
            case "dnf" -> "dnf/yum install without 'clean all' in the same RUN: the package cache stays in the layer";
            case "pip" -> "pip install without --no-cache-dir: the wheel cache stays in the layer";
            default -> "npm install without cleaning the npm cache in the same RUN: the cache stays in the layer";
        };
    }

    private static String fix(String manager) {
        return switch (manager) {
            case "apt" -> "end the RUN with && rm -rf /var/lib/apt/lists/*";
            case "apk" -> "use apk add --no-cache";
            case "dnf" -> "end the RUN with && dnf clean all (or yum/microdnf clean all)";
            case "pip" -> "use pip install --no-cache-dir";
            default -> "end the RUN with && npm cache clean --force, or pass --cache /tmp/npm-cache";
        };
    }
}
