package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One {@code pier run --secret}: a name (the file {@code /run/secrets/NAME} in the container)
 * and where its content comes from. Only the name is ever recorded.
 *
 * @param name the file name under {@code /run/secrets/}
 * @param source where the content is read from when the container is created
 */
public record RunSecret(String name, SecretSource source) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}");

    public RunSecret {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RuntimeError("invalid secret name " + name + " (letters, digits, _ . - ; it becomes /run/secrets/NAME)");
        }
    }

    /**
     * Parses the command-line spelling: {@code NAME} (the caller's environment variable NAME),
     * {@code NAME=env:VAR}, {@code NAME=file:PATH} or {@code NAME=PATH}, {@code NAME=-} or
     * {@code NAME=stdin:} (standard input); also BuildKit's {@code id=NAME,src=PATH} and
     * {@code id=NAME,env=VAR}, as {@code pier build --secret} takes them.
     */
    public static RunSecret parse(String spec) {
        if (spec.startsWith("id=")) {
            return parseBuildKit(spec);
        }
        int eq = spec.indexOf('=');
        if (eq < 0) {
            return new RunSecret(spec, new SecretSource.Environment(spec));
        }
        String name = spec.substring(0, eq);
        String source = spec.substring(eq + 1);
        if (source.isEmpty()) {
            throw new RuntimeError("invalid --secret " + spec + ": no source after = (use file:PATH, env:VAR or -)");
        }
        if (source.equals("-") || source.equals("stdin:")) {
            return new RunSecret(name, new SecretSource.StandardInput());
        }
        if (source.startsWith("env:")) {
            return new RunSecret(name, new SecretSource.Environment(source.substring(4)));
        }
        return new RunSecret(name, new SecretSource.HostFile(Path.of(source.startsWith("file:") ? source.substring(5) : source)));
    }

    private static RunSecret parseBuildKit(String spec) {
        String id = null;
        SecretSource source = null;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            switch (key) {
                case "id" -> id = value;
                case "src", "source" -> source = new SecretSource.HostFile(Path.of(value));
                case "env" -> source = new SecretSource.Environment(value);
                case "type" -> { }
                default -> throw new RuntimeError("invalid --secret " + spec + ": unknown key " + key + " (id, src, env)");
            }
        }
        if (id == null) {
            throw new RuntimeError("invalid --secret " + spec + ": no id");
        }
        return new RunSecret(id, source == null ? new SecretSource.Environment(id) : source);
    }
}
