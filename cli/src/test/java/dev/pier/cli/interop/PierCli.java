package dev.pier.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.cli.Pier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the pier command line in this JVM, against a given local store root. */
final class PierCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    PierCli(Path root) {
        this.root = root;
    }

    /** What one pier command did. */
    record Result(List<String> args, int exitCode, String out, String err) {
        Result check() {
            assertThat(exitCode).as("exit code of pier %s\n--- stdout ---\n%s\n--- stderr ---\n%s",
                    String.join(" ", args), out, err).isZero();
            return this;
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("pier " + String.join(" ", args) + " printed no JSON: " + out, e);
            }
        }
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Pier.run(o, e, all.toArray(String[]::new));
        }
        return new Result(List.copyOf(all), code, out.toString(), err.toString());
    }

    Result check(String... args) {
        return run(args).check();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
