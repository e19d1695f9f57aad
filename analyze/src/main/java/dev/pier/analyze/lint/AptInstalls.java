package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;

/** The {@code apt-get install} and {@code apt install} commands of a Dockerfile, with their RUN. */
record AptInstalls(Instruction.Run run, PackageInstall install) {
    static List<AptInstalls> of(LintContext context) {
        List<AptInstalls> out = new ArrayList<>();
        for (Instruction i : context.dockerfile().instructions()) {
            if (i instanceof Instruction.Run run) {
                for (PackageInstall p : PackageInstall.all(ShellScript.commands(run))) {
                    String name = p.command().name();
                    if (name.equals("apt-get") || name.equals("apt")) {
                        out.add(new AptInstalls(run, p));
                    }
                }
            }
        }
        return out;
    }
}
