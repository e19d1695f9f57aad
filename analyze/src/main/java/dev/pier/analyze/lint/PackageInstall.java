package dev.pier.analyze.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A package installation found in a RUN: {@code apt-get install}, {@code apk add},
 * {@code dnf install}, {@code pip install}, {@code npm install} and their relatives.
 *
 * @param manager the family: {@code apt}, {@code apk}, {@code dnf} (dnf, microdnf, yum), {@code pip} or {@code npm}
 * @param command the (unwrapped) command
 * @param packages the package names, version pins removed ({@code gcc=4:12} gives {@code gcc})
 */
public record PackageInstall(String manager, ShellCommand command, List<String> packages) {
    private static final Map<String, String> FAMILY = Map.ofEntries(
            Map.entry("apt-get", "apt"), Map.entry("apt", "apt"), Map.entry("aptitude", "apt"),
            Map.entry("apk", "apk"),
            Map.entry("dnf", "dnf"), Map.entry("dnf5", "dnf"), Map.entry("microdnf", "dnf"), Map.entry("yum", "dnf"),
            Map.entry("pip", "pip"), Map.entry("pip3", "pip"),
            Map.entry("npm", "npm"));
    private static final Map<String, Set<String>> INSTALL = Map.of(
            "apt", Set.of("install"),
            "apk", Set.of("add"),
            "dnf", Set.of("install", "groupinstall", "reinstall"),
            "pip", Set.of("install"),
            "npm", Set.of("install", "i", "ci", "add"));
    /** Options of each family that take a separate value, so the value is not read as a package. */
    static final Map<String, Set<String>> VALUED = Map.of(
            "apt", Set.of("-o", "-t", "-c", "--option", "--target-release", "--config-file"),
            "apk", Set.of("-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch"),
            "dnf", Set.of("-x", "--exclude", "--setopt", "--repo", "--enablerepo", "--disablerepo", "--releasever",
                    "--installroot", "-c", "--config"),
            "pip", Set.of("-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url",
                    "-t", "--target", "-f", "--find-links", "--cache-dir", "--prefix", "--root", "-e", "--editable"),
            "npm", Set.of("--cache", "--prefix", "--registry", "-w", "--workspace"));

    public PackageInstall {
        packages = List.copyOf(packages);
    }

    /** The installation {@code command} performs, if it is one. */
    public static Optional<PackageInstall> of(ShellCommand command) {
        ShellCommand c = command.unwrapped();
        String family = FAMILY.get(c.name());
        if (family == null) {
            return Optional.empty();
        }
        List<String> operands = c.operands(VALUED.get(family));
        if (operands.isEmpty() || !INSTALL.get(family).contains(operands.getFirst())) {
            return Optional.empty();
        }
        List<String> packages = new ArrayList<>();
        for (String p : operands.subList(1, operands.size())) {
            packages.add(p.replaceFirst("(?<=.)(==|>=|<=|~=|=|@\\d).*$", ""));
        }
        return Optional.of(new PackageInstall(family, c, packages));
    }

    /** Every installation in {@code commands}, in order. */
    public static List<PackageInstall> all(List<ShellCommand> commands) {
        return commands.stream().map(PackageInstall::of).flatMap(Optional::stream).toList();
    }
}
