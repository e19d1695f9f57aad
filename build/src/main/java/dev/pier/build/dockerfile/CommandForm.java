package dev.pier.build.dockerfile;

import java.util.List;

/** The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK: exec form (JSON array) or shell form. */
public sealed interface CommandForm {
    /** {@code ["executable", "arg"]}: run as given, no shell. */
    record Exec(List<String> args) implements CommandForm {
        public Exec {
            args = List.copyOf(args);
        }
    }

    /** {@code command text}: run by the stage's SHELL (default {@code /bin/sh -c}). */
    record Shell(String command) implements CommandForm {}

    /** The argv this form gives with {@code shell} (e.g. {@code [/bin/sh, -c]}) for the shell form. */
    default List<String> argv(List<String> shell) {
        return switch (this) {
            case Exec e -> e.args();
            case Shell s -> {
                var all = new java.util.ArrayList<>(shell);
                all.add(s.command());
                yield List.copyOf(all);
            }
        };
    }
}
