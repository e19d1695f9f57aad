package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * PL009: {@code sudo} in a RUN. Builds run as root unless a USER says otherwise, and sudo in an
 * image brings unpredictable TTY and signal behaviour; switch users with USER instead.
 */
public final class SudoRule implements LintRule {
    @Override
    public String id() {
        return "PL009";
    }

    @Override
    public String name() {
        return "sudo-in-run";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "A RUN uses sudo.";
    }

    @Override
    public String fix() {
        return "drop sudo: switch with USER root before the RUN and USER back after it";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (Instruction i : context.dockerfile().instructions()) {
            if (i instanceof Instruction.Run run
                    && ShellScript.commands(run).stream().anyMatch(c -> c.name().equals("sudo"))) {
                out.add(finding(run, "RUN uses sudo"));
            }
        }
        return out;
    }
}
