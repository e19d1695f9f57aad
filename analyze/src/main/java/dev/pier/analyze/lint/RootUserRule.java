package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.Instruction;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PL003: the final stage runs as root: it has no USER (nor does a stage it builds on), or its
 * last USER is {@code root} or {@code 0}. A base image may set a user of its own; the linter
 * cannot see that, so the message says so.
 */
public final class RootUserRule implements LintRule {
    private static final Set<String> ROOT = Set.of("root", "0");

    @Override
    public String id() {
        return "PL003";
    }

    @Override
    public String name() {
        return "runs-as-root";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "The final stage runs as root: no USER, or USER root/0 last.";
    }

    @Override
    public String fix() {
        return "add a non-root user and switch to it with USER (e.g. USER 65532:65532) at the end";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        Optional<Dockerfile.Stage> last = context.finalStage();
        if (last.isEmpty()) {
            return List.of();
        }
        Dockerfile.Stage stage = last.get();
        for (int hops = 0; hops <= context.dockerfile().stages().size(); hops++) {
            Optional<Instruction.User> user = lastUser(stage);
            if (user.isPresent()) {
                String name = user.get().user().split(":", 2)[0].strip();
                return ROOT.contains(name)
                        ? List.of(finding(user.get(), "the final stage's last USER is " + user.get().user() + ": the container runs as root"))
                        : List.of();
            }
            Optional<Dockerfile.Stage> parent = context.earlierStage(stage.from().image(), stage.index());
            if (parent.isEmpty()) {
                break;
            }
            stage = parent.get();
        }
        Dockerfile.Stage fin = last.get();
        return List.of(finding(fin.from(), "no USER in the final stage (" + fin.displayName()
                + "): the container runs as root unless the base image sets a user"));
    }

    private static Optional<Instruction.User> lastUser(Dockerfile.Stage stage) {
        Instruction.User found = null;
        for (Instruction i : stage.instructions()) {
            if (i instanceof Instruction.User u) {
                found = u;
            }
        }
        return Optional.ofNullable(found);
    }
}
