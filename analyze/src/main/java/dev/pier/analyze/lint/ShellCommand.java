package dev.pier.analyze.lint;

import java.util.List;
import java.util.Set;

/**
 * One simple command of a RUN script, as the linter sees it: the words after leading
 * {@code VAR=value} assignments, quotes removed.
 *
 * @param words the command name and its arguments
 */
public record ShellCommand(List<String> words) {
    private static final Set<String> WRAPPERS = Set.of("sudo", "env", "nohup", "time", "exec", "command", "doas", "nice");

    public ShellCommand {
        words = List.copyOf(words);
    }

    /** The program's base name: {@code /usr/bin/apt-get} gives {@code apt-get}. */
    public String name() {
        return words.isEmpty() ? "" : base(words.getFirst());
    }

    /** The arguments after the name. */
    public List<String> args() {
        return words.isEmpty() ? List.of() : words.subList(1, words.size());
    }

    /**
     * The command that actually runs: {@code sudo}, {@code env} and similar wrappers (with their
     * options and assignments) are removed, and {@code python -m pip} becomes {@code pip}.
     */
    public ShellCommand unwrapped() {
        int i = 0;
        while (i < words.size() && WRAPPERS.contains(base(words.get(i)))) {
            boolean sudo = base(words.get(i)).equals("sudo") || base(words.get(i)).equals("doas");
            i++;
            while (i < words.size() && (words.get(i).startsWith("-") || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
                String opt = words.get(i++);
                if (sudo && opt.matches("-[ugCDhprTU]") && i < words.size()) {
                    i++; // the option's value: sudo -u app ...
                }
            }
        }
        List<String> rest = words.subList(i, words.size());
        if (rest.size() >= 3 && base(rest.get(0)).matches("python[0-9.]*") && rest.get(1).equals("-m")) {
            return new ShellCommand(rest.subList(2, rest.size()));
        }
        return new ShellCommand(rest);
    }

    /** Whether one of the arguments is {@code option}, or starts with {@code option=}. */
    public boolean hasOption(String option) {
        return args().stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }

    /** The first argument that is not an option, skipping the values of {@code valued} options. */
    public String subcommand(Set<String> valued) {
        List<String> operands = operands(valued);
        return operands.isEmpty() ? "" : operands.getFirst();
    }

    /** The arguments that are not options, skipping the values of the options in {@code valued}. */
    public List<String> operands(Set<String> valued) {
        List<String> out = new java.util.ArrayList<>();
        List<String> a = args();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("--")) {
                out.addAll(a.subList(i + 1, a.size()));
                break;
            }
            if (w.startsWith("-")) {
                if (valued.contains(w)) {
                    i++;
                }
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static String base(String word) {
        int slash = word.lastIndexOf('/');
        return slash < 0 ? word : word.substring(slash + 1);
    }
}
