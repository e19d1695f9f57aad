package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PL006: ENV or ARG gives a secret-looking name (PASSWORD, SECRET, TOKEN, API_KEY,
 * AWS_SECRET_ACCESS_KEY, ...) a literal value: the value lands in the image config or its
 * history, readable by anyone who pulls the image. Names of files or paths holding secrets
 * ({@code PASSWORD_FILE}) and values that only reference another variable are fine. Messages
 * never show the value.
 */
public final class SecretInEnvRule implements LintRule {
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(^|[_.-])(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|CREDENTIALS?)([_.-]|$)");
    private static final Pattern NOT_SECRET = Pattern.compile(
            "(?i).*[_.-](FILE|PATH|DIR|URL|URI|HOST|NAME|USER|ID|LENGTH|TYPE|ENABLED)$");
    private static final Pattern REFERENCE = Pattern.compile("^\\$(\\{[A-Za-z_][A-Za-z0-9_]*}|[A-Za-z_][A-Za-z0-9_]*)$");

    @Override
    public String id() {
        return "PL006";
    }

    @Override
    public String name() {
        return "secret-in-env-or-arg";
    }

    @Override
    public LintSeverity severity() {
        return LintSeverity.ERROR;
    }

    @Override
    public String description() {
        return "ENV or ARG sets a password, token or key to a literal value, which is stored in the image.";
    }

    @Override
    public String fix() {
        return "pass secrets at build time with RUN --mount=type=secret, and at run time through the environment or a file";
    }

    @Override
    public List<LintFinding> check(LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (Instruction i : context.dockerfile().instructions()) {
            switch (i) {
                case Instruction.Env env -> env.pairs().forEach(p -> check(env, p.key(), p.value(), out));
                case Instruction.Arg arg -> arg.args().forEach(a -> check(arg, a.name(), a.defaultValue(), out));
                default -> { }
            }
        }
        return out;
    }

    private void check(Instruction at, String name, String value, List<LintFinding> out) {
        if (value == null || !SECRET.matcher(name).find() || NOT_SECRET.matcher(name).matches()) {
            return;
        }
        String v = LintContext.unquote(value.strip());
        if (v.isEmpty() || REFERENCE.matcher(v).matches()) {
            return;
        }
        out.add(finding(at, at.keyword() + " " + name + " has a literal value (" + v.length()
                + " characters, not shown): it is stored in the image " + (at instanceof Instruction.Env ? "config" : "history")));
    }
}
