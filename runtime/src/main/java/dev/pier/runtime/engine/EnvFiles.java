package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Environment variables: docker's {@code --env-file} format and the merge of image and request. */
public final class EnvFiles {
    /** The PATH a container gets when the image sets none. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private EnvFiles() {}

    /** The {@code NAME=value} lines of {@code file}; blank lines and {@code #} comments are skipped. */
    public static List<String> read(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.stripLeading();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new RuntimeError("cannot read env file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code base} overridden by {@code overrides} name by name, in order; an override without
     * {@code =} takes the value of this process's environment (and is dropped when unset).
     */
    public static List<String> merge(List<String> base, List<String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : base) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), e);
        }
        for (String e : overrides) {
            int eq = e.indexOf('=');
            if (eq == 0) {
                throw new RuntimeError("invalid environment variable " + e);
            }
            if (eq < 0) {
                String v = System.getenv(e);
                if (v != null) {
                    env.put(e, e + "=" + v);
                }
            } else {
                env.put(e.substring(0, eq), e);
            }
        }
        return List.copyOf(env.values());
    }

    /** Whether {@code env} sets {@code name}. */
    public static boolean has(List<String> env, String name) {
        return env.stream().anyMatch(e -> e.startsWith(name + "="));
    }
}
