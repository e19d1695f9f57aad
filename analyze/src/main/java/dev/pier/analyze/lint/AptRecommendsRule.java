package dev.pier.analyze.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * PL007: {@code apt-get install} without {@code --no-install-recommends} also installs the
 * recommended packages, often many megabytes nobody uses.
 */
public final class AptRecommendsRule implements LintRule {
    @Override
    public String id() {
        return "PL007";
    }

    @Override
    public String name() {
        return "apt-install-recommends";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.INFO;
    }

    @Override
    public String description() {
        return "apt-get install without --no-install-recommends installs recommended packages too.";
    }

    @Override
    public String fix() {
        return "use apt-get install --no-install-recommends";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (AptInstalls a : AptInstalls.of(context)) {
            List<String> args = a.install().command().args();
            boolean off = a.install().command().hasOption("--no-install-recommends")
                    || args.stream().anyMatch(w -> w.matches("(?i)(-o)?APT::Install-Recommends=(false|0|no)"));
            if (!off) {
                out.add(finding(a.run(), a.install().command().name() + " install without --no-install-recommends"));
            }
        }
        return out;
    }
}
