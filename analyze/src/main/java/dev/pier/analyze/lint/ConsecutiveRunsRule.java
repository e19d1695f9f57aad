package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * PL002: RUN instructions one after the other (with the same flags) make one layer each where
 * one would do. Reported once per group, at its second RUN; the group size comes from
 * {@link LintConfig#consecutiveRuns()}.
 */
public final class ConsecutiveRunsRule implements LintRule {
    @Override
    public String id() {
        return "PL002";
    }

    @Override
    public String name() {
        return "consecutive-runs";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.INFO;
    }

    @Override
    public String description() {
        return "Consecutive RUN instructions each make a layer where one would do.";
    }

    @Override
    public String fix() {
        return "join the commands with && into one RUN";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        int min = context.config().consecutiveRuns();
        for (Dockerfile.Stage stage : context.dockerfile().stages()) {
            List<Instruction.Run> group = new ArrayList<>();
            for (Instruction i : stage.instructions()) {
                if (i instanceof Instruction.Run run && (group.isEmpty() || group.getFirst().flags().equals(run.flags()))) {
                    group.add(run);
                    continue;
                }
                report(group, min, out);
                group.clear();
                if (i instanceof Instruction.Run run) {
                    group.add(run);
                }
            }
            report(group, min, out);
        }
        return out;
    }

    private void report(List<Instruction.Run> group, int min, List<LintFinding> out) {
        if (group.size() >= min) {
            int first = group.getFirst().location().line();
            int last = group.getLast().location().line();
            out.add(finding(group.get(1), group.size() + " consecutive RUN instructions (lines " + first + "-" + last
                    + ") make " + group.size() + " layers"));
        }
    }
}
