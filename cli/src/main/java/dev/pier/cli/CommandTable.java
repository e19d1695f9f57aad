package dev.pier.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link QuickCommandLine} needs of picocli's model of {@code pier} and of the commands it
 * parses itself, as a text table that the build writes from picocli's own model
 * ({@link CommandTableWriter}) as the constant that class {@value #TEXT_CLASS}'s {@code text()}
 * returns; {@code CommandTableTest} fails when the table and the model differ. A class rather
 * than a resource: the AOT cache holds it, while reading a resource opens the jar (its directory
 * of 5,900 entries, 9 ms of a warm {@code pier run}'s main thread, measured). One record a line, tab-separated: a {@code command} line (the root
 * {@code pier} first), then its {@code mixin}, {@code parent}, {@code option} and
 * {@code positional} lines. A value that may be absent is written {@code =VALUE}, or empty.
 *
 * @param root the {@code pier} command and its global options
 * @param commands the subcommands that can be parsed without picocli
 */
record CommandTable(Command root, List<Command> commands) {
    /** The class the build writes, whose static {@code text()} returns the table. */
    static final String TEXT_CLASS = "dev.pier.cli.CommandTableText";

    /** A field of the command object or of one of its mixins: {@code path} names the mixin fields that lead to it ("" for the command). */
    record Binding(String path, String declaringClass, String field) {
        /** The path of the object this field holds (a mixin's, for the fields in it). */
        String pathOfValue() {
            return path.isEmpty() ? field : path + "." + field;
        }
    }

    /** A {@code @Mixin} field and the class of the object picocli puts there when it is null. */
    record Mixin(Binding binding, String type) {}

    /**
     * An option.
     *
     * @param type the value's class name ({@code boolean}, {@code java.lang.String}, ...; a list's element)
     * @param multi whether the field is a list that each occurrence adds to
     * @param arityMin values each occurrence takes at least (0 or 1)
     * @param arityMax values each occurrence takes at most (0 or 1)
     */
    record Option(List<String> names, Binding binding, String type, boolean multi, int arityMin, int arityMax,
            Optional<String> defaultValue, Optional<String> fallbackValue, boolean required) {}

    /**
     * A positional parameter: the words at positions {@code indexMin..indexMax} among the
     * positional ones ({@link Integer#MAX_VALUE} for no end), at least {@code arityMin} and at most
     * {@code arityMax} of them.
     */
    record Positional(int indexMin, int indexMax, int arityMin, int arityMax, Binding binding, String type, boolean multi,
            Optional<String> defaultValue) {}

    /** A command: its names (name then aliases), its class, and what parsing it sets. */
    record Command(List<String> names, String type, boolean stopAtPositional, List<Mixin> mixins, List<Binding> parents,
            List<Option> options, List<Positional> positionals) {
        /** The option named exactly {@code name}. */
        Optional<Option> option(String name) {
            return options.stream().filter(o -> o.names().contains(name)).findFirst();
        }
    }

    /** The subcommand named {@code word} (a name or an alias). */
    Optional<Command> command(String word) {
        return commands.stream().filter(c -> c.names().contains(word)).findFirst();
    }

    /**
     * The table the build wrote into the class path; empty where it did not (classes compiled by
     * something else than the cli module's build): every line then goes to picocli.
     */
    static Optional<CommandTable> load() {
        try {
            return Optional.of(parse((String) Class.forName(TEXT_CLASS).getDeclaredMethod("text").invoke(null)));
        } catch (ClassNotFoundException e) {
            return Optional.empty();   // classes compiled but not yet processed (an IDE's): picocli parses everything
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the command table class is damaged: rebuild the cli module", e);
        }
    }

    /** Reads the table's text. */
    static CommandTable parse(String text) {
        List<Command> all = new ArrayList<>();
        CommandLines current = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("command")) {
                if (current != null) {
                    all.add(current.build());
                }
                current = new CommandLines(List.of(f[1].split(",")), f[2], Boolean.parseBoolean(f[3]));
                continue;
            }
            switch (f[0]) {
                case "mixin" -> current.mixins.add(new Mixin(new Binding(f[1], f[2], f[3]), f[4]));
                case "parent" -> current.parents.add(new Binding(f[1], f[2], f[3]));
                case "option" -> current.options.add(new Option(List.of(f[1].split(",")), new Binding(f[2], f[3], f[4]), f[5],
                        Boolean.parseBoolean(f[6]), bound(f[7], 0), bound(f[7], 1), optional(f[8]), optional(f[9]), Boolean.parseBoolean(f[10])));
                case "positional" -> current.positionals.add(new Positional(bound(f[1], 0), bound(f[1], 1), bound(f[2], 0), bound(f[2], 1),
                        new Binding(f[3], f[4], f[5]), f[6], Boolean.parseBoolean(f[7]), optional(f[8])));
                default -> throw new IllegalArgumentException("unknown line in the command table: " + line);
            }
        }
        all.add(current.build());
        return new CommandTable(all.getFirst(), List.copyOf(all.subList(1, all.size())));
    }

    /** The table's text: the inverse of {@link #parse}. */
    String format() {
        StringBuilder s = new StringBuilder();
        for (Command c : commandsWithRoot()) {
            row(s, "command", String.join(",", c.names()), c.type(), c.stopAtPositional());
            c.mixins().forEach(m -> row(s, "mixin", m.binding().path(), m.binding().declaringClass(), m.binding().field(), m.type()));
            c.parents().forEach(p -> row(s, "parent", p.path(), p.declaringClass(), p.field()));
            for (Option o : c.options()) {
                row(s, "option", String.join(",", o.names()), o.binding().path(), o.binding().declaringClass(), o.binding().field(),
                        o.type(), o.multi(), range(o.arityMin(), o.arityMax()), present(o.defaultValue()), present(o.fallbackValue()), o.required());
            }
            for (Positional p : c.positionals()) {
                row(s, "positional", range(p.indexMin(), p.indexMax()), range(p.arityMin(), p.arityMax()), p.binding().path(),
                        p.binding().declaringClass(), p.binding().field(), p.type(), p.multi(), present(p.defaultValue()));
            }
        }
        return s.toString();
    }

    /** A command's lines, while they are read. */
    private record CommandLines(List<String> names, String type, boolean stopAtPositional, List<Mixin> mixins, List<Binding> parents,
            List<Option> options, List<Positional> positionals) {
        CommandLines(List<String> names, String type, boolean stopAtPositional) {
            this(names, type, stopAtPositional, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        Command build() {
            return new Command(names, type, stopAtPositional, List.copyOf(mixins), List.copyOf(parents), List.copyOf(options),
                    List.copyOf(positionals));
        }
    }

    private List<Command> commandsWithRoot() {
        List<Command> all = new ArrayList<>(List.of(root));
        all.addAll(commands);
        return all;
    }

    private static void row(StringBuilder s, Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            s.append(i == 0 ? "" : "\t").append(fields[i]);
        }
        s.append('\n');
    }

    private static String range(int min, int max) {
        return min + ".." + (max == Integer.MAX_VALUE ? "*" : Integer.toString(max));
    }

    private static int bound(String range, int which) {
        int dots = range.indexOf("..");   // not split: a regular expression costs a start-up more than the table
        String b = which == 0 ? range.substring(0, dots) : range.substring(dots + 2);
        return b.equals("*") ? Integer.MAX_VALUE : Integer.parseInt(b);
    }

    private static String present(Optional<String> value) {
        return value.map(v -> "=" + v).orElse("");
    }

    private static Optional<String> optional(String field) {
        return field.isEmpty() ? Optional.empty() : Optional.of(field.substring(1));
    }
}
