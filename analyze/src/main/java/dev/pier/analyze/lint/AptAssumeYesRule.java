package dev.pier.analyze.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * PL008: {@code apt-get install} without {@code -y} asks for confirmation, which a build cannot
 * give: the install aborts as soon as it needs a new package.
 */
public final class AptAssumeYesRule implements LintRule {
    @Override
    public String id() {
        return "PL008";
    }

    @Override
    public String name() {
        return "apt-install-without-yes";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "apt-get install without -y waits for a confirmation the build cannot give.";
    }

    @Override
    public String fix() {
        return "use apt-get install -y";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (AptInstalls a : AptInstalls.of(context)) {
            boolean yes = a.install().command().args().stream().anyMatch(AptAssumeYesRule::assumesYes);
            if (!yes) {
                out.add(finding(a.run(), a.install().command().name() + " install without -y"));
            }
        }
        return out;
    }

    /** {@code -y}, {@code --yes}, {@code --assume-yes}, {@code -qq} (implies -y) or short options with y ({@code -qy}). */
    private static boolean assumesYes(String arg) {
        return arg.equals("--yes") || arg.equals("--assume-yes") || arg.equals("-qq") || arg.equals("-q=2")
                || arg.matches("-[a-zA-Z]*y[a-zA-Z]*") || arg.matches("(?i)(-o)?APT::Get::Assume-Yes=(true|1|yes)");
    }
}
