package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PL005: ADD of local files that are neither URLs nor tar archives: COPY does the same, without
 * ADD's surprises (automatic extraction, downloads).
 */
public final class AddInsteadOfCopyRule implements LintRule {
    private static final Pattern REMOTE = Pattern.compile("(?i)^(https?://|git@|git://|ssh://).*|.*\\.git(#.*)?$");
    private static final Pattern ARCHIVE = Pattern.compile(
            "(?i).*\\.(tar|tar\\.(gz|bz2|xz|zst|lz4)|tgz|tbz2?|txz|tzst|gz|bz2|xz|zst)$");

    @Override
    public String id() {
        return "PL005";
    }

    @Override
    public String name() {
        return "add-instead-of-copy";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.WARNING;
    }

    @Override
    public String description() {
        return "ADD is used for local files that are not archives: COPY does the same, more predictably.";
    }

    @Override
    public String fix() {
        return "use COPY";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (Instruction i : context.dockerfile().instructions()) {
            if (i instanceof Instruction.Add add && plainLocal(add)) {
                out.add(finding(add, "ADD " + String.join(" ", add.sources()) + " copies local files: COPY does that",
                        "replace ADD with COPY"));
            }
        }
        return out;
    }

    private static boolean plainLocal(Instruction.Add add) {
        if (add.sources().isEmpty()) {
            return false;
        }
        for (String s : add.sources()) {
            String src = s.toLowerCase(Locale.ROOT);
            if (REMOTE.matcher(src).matches() || ARCHIVE.matcher(src).matches() || src.contains("$")) {
                return false;
            }
        }
        return true;
    }
}
