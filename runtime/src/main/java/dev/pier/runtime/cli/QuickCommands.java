package dev.pier.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The command lines engines send pier-runc for every container, parsed without picocli:
 * {@code create}, {@code start}, {@code run}, {@code state}, {@code kill}, {@code delete} and {@code exec} with
 * runc's global options and their own. Picocli builds its model of a command by reflection on
 * its annotations, and that costs each of these short commands tens of milliseconds of a run that
 * does little else; engines call several per container. Anything else (help, a version, another
 * command, an option spelt another way, a mistake) is left to picocli, which parses it and says
 * what is wrong: {@link #parse} is then empty. {@code QuickCommandsTest} holds both parsers to the
 * same result on the command lines this one takes.
 */
final class QuickCommands {
    private static final Set<String> GLOBAL_VALUES = Set.of("--root", "--log", "--log-format");
    private static final Set<String> GLOBAL_FLAGS = Set.of("--debug", "--systemd-cgroup");
    private static final Set<String> CREATE_VALUES = Set.of("-b", "--bundle", "--pid-file", "--console-socket", "--preserve-fds");
    private static final Set<String> EXEC_VALUES = Set.of("-p", "--process", "--console-socket", "--cwd", "-u", "--user", "--pid-file");

    private QuickCommands() {}

    /** The command {@code args} name, its fields set on {@code runc} and itself, or empty for picocli. */
    static Optional<Callable<Integer>> parse(PierRunc runc, String[] args) {
        try {
            return Optional.ofNullable(command(runc, args));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Callable<Integer> command(PierRunc runc, String[] args) {
        Words words = new Words(args);
        while (words.hasOption()) {
            String name = words.optionName();
            if (GLOBAL_FLAGS.contains(name) && words.flag()) {
                runc.debug |= name.equals("--debug");
                runc.systemdCgroup |= name.equals("--systemd-cgroup");
            } else if (GLOBAL_VALUES.contains(name) && words.value()) {
                global(runc, name, words.lastValue);
            } else {
                return null;
            }
        }
        if (!words.hasMore()) {
            return null;
        }
        return switch (words.next()) {
            case "create", "run" -> create(runc, words, args[words.index - 1].equals("run"));
            case "start", "state" -> single(runc, words, args[words.index - 1]);
            case "kill" -> kill(runc, words);
            case "delete" -> delete(runc, words);
            case "exec" -> exec(runc, words);
            default -> null;
        };
    }

    private static void global(PierRunc runc, String name, String value) {
        switch (name) {
            case "--root" -> runc.root = Path.of(value);
            case "--log" -> runc.log = Path.of(value);
            default -> runc.logFormat = value;
        }
    }

    private static Callable<Integer> create(PierRunc runc, Words words, boolean run) {
        CreateOptions o = new CreateOptions();
        boolean detach = false;
        boolean keep = false;
        boolean noNewKeyring = false;
        List<String> ids = new ArrayList<>();
        while (words.hasMore()) {
            if (!words.hasOption()) {
                ids.add(words.next());
                continue;
            }
            String name = words.optionName();
            if (CREATE_VALUES.contains(name) && words.value()) {
                String v = words.lastValue;
                switch (name) {
                    case "-b", "--bundle" -> o.bundle = Path.of(v);
                    case "--pid-file" -> o.pidFile = Path.of(v);
                    case "--console-socket" -> o.consoleSocket = v;
                    default -> o.preserveFds = Integer.parseInt(v);
                }
            } else if (name.equals("--no-pivot") && words.flag()) {
                o.noPivot = true;
            } else if (run && (name.equals("-d") || name.equals("--detach")) && words.flag()) {
                detach = true;
            } else if (run && name.equals("--keep") && words.flag()) {
                keep = true;
            } else if (!run && name.equals("--no-new-keyring") && words.flag()) {
                noNewKeyring = true;
            } else {
                return null;
            }
        }
        if (ids.size() != 1) {
            return null;
        }
        o.id = ids.getFirst();
        return run ? RunCommand.of(runc, o, detach, keep) : CreateCommand.of(runc, o, noNewKeyring);
    }

    private static Callable<Integer> single(PierRunc runc, Words words, String command) {
        Line line = line(words, Set.of());
        if (line == null || line.positionals().size() != 1) {
            return null;
        }
        String id = line.positionals().getFirst();
        return command.equals("start") ? StartCommand.of(runc, id) : StateCommand.of(runc, id);
    }

    private static Callable<Integer> kill(PierRunc runc, Words words) {
        Line line = line(words, Set.of("-a", "--all"));
        if (line == null || line.positionals().isEmpty() || line.positionals().size() > 2) {
            return null;
        }
        List<String> p = line.positionals();
        return KillCommand.of(runc, p.get(0), p.size() > 1 ? p.get(1) : "TERM", line.flagged());
    }

    private static Callable<Integer> delete(PierRunc runc, Words words) {
        Line line = line(words, Set.of("-f", "--force"));
        if (line == null || line.positionals().size() != 1) {
            return null;
        }
        return DeleteCommand.of(runc, line.positionals().getFirst(), line.flagged());
    }

    /** {@code exec [OPTIONS] ID [COMMAND...]}: what follows the id is the command, options included, as picocli stops there. */
    private static Callable<Integer> exec(PierRunc runc, Words words) {
        ExecCommand c = new ExecCommand();
        c.runc = runc;
        while (words.hasOption()) {
            String name = words.optionName();
            if ((name.equals("-e") || name.equals("--env")) && words.repeatedValue()) {
                c.env.add(words.lastValue);
            } else if (EXEC_VALUES.contains(name) && words.value()) {
                String v = words.lastValue;
                switch (name) {
                    case "-p", "--process" -> c.processFile = Path.of(v);
                    case "--console-socket" -> c.consoleSocket = Path.of(v);
                    case "--cwd" -> c.cwd = v;
                    case "-u", "--user" -> c.user = v;
                    default -> c.pidFile = Path.of(v);
                }
            } else if ((name.equals("-t") || name.equals("--tty")) && words.flag()) {
                c.tty = true;
            } else if ((name.equals("-d") || name.equals("--detach")) && words.flag()) {
                c.detach = true;
            } else {
                return null;
            }
        }
        if (!words.hasMore() || words.ended) {
            return null;   // no id, or a "--" before it: picocli decides
        }
        c.id = words.next();
        while (words.index < words.args.length) {
            String w = words.args[words.index++];
            if (w.equals("--")) {
                return null;
            }
            c.command.add(w);
        }
        return c;
    }

    /** The rest of a command with one boolean option at most: its positional words, and whether the option was given. */
    private record Line(List<String> positionals, boolean flagged) {}

    /** The rest of the line: positional words and {@code flag} (its names); null for anything else. */
    private static Line line(Words words, Set<String> flag) {
        List<String> values = new ArrayList<>();
        boolean flagged = false;
        while (words.hasMore()) {
            if (!words.hasOption()) {
                values.add(words.next());
            } else if (flag.contains(words.optionName()) && words.flag()) {
                flagged = true;
            } else {
                return null;
            }
        }
        return new Line(values, flagged);
    }

    /** The long name of an option that has a short one too, so that {@code -b X --bundle Y} is given twice. */
    private static String canonical(String name) {
        return switch (name) {
            case "-b" -> "--bundle";
            case "-d" -> "--detach";
            case "-f" -> "--force";
            case "-a" -> "--all";
            case "-p" -> "--process";
            case "-t" -> "--tty";
            case "-u" -> "--user";
            default -> name;
        };
    }

    /**
     * The words of a command line. An option is a word starting with {@code -} before {@code --};
     * its value is the next word or follows {@code =}. An option given twice declines the line, as
     * picocli refuses it.
     */
    private static final class Words {
        private final String[] args;
        private final Set<String> given = new HashSet<>();
        private int index;
        private boolean ended;
        private String lastValue;

        Words(String[] args) {
            this.args = args;
        }

        boolean hasMore() {
            if (!ended && index < args.length && args[index].equals("--")) {
                ended = true;
                index++;
            }
            return index < args.length;
        }

        boolean hasOption() {
            return hasMore() && !ended && args[index].startsWith("-") && args[index].length() > 1;
        }

        String next() {
            return args[index++];
        }

        /** The current option's name (before any {@code =}); the word stays current. */
        String optionName() {
            String w = args[index];
            int eq = w.indexOf('=');
            return eq < 0 ? w : w.substring(0, eq);
        }

        /** Takes the current option as a flag: false (nothing taken) if it carries a value or came before. */
        boolean flag() {
            String w = args[index];
            if (w.contains("=") || !given.add(canonical(w))) {
                return false;
            }
            index++;
            return true;
        }

        /** Takes the current option and its value, an option that may be given again (a list). */
        boolean repeatedValue() {
            String w = args[index];
            int eq = w.indexOf('=');
            if (eq < 0 && (index + 1 >= args.length || args[index + 1].startsWith("-"))) {
                return false;
            }
            lastValue = eq >= 0 ? w.substring(eq + 1) : args[index + 1];
            index += eq >= 0 ? 1 : 2;
            return true;
        }

        /** Takes the current option and its value: false if there is none or it came before. */
        boolean value() {
            return given.add(canonical(optionName())) && repeatedValue();
        }
    }
}
