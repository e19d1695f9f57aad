package dev.pier.cli;

import java.lang.reflect.Field;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The {@code pier} command lines that need nothing but options and operands, parsed without
 * picocli, by the {@link CommandTable} the build writes from picocli's model. Picocli builds its
 * model of a command by reflection on its annotations, and that is tens of milliseconds of every
 * short command. This parser takes only what it is sure of: the global options, then a command of
 * the table, its options spelt as the table names them ({@code --name VALUE},
 * {@code --name=VALUE}, a boolean's {@code --tls-verify[=BOOL]}), {@code --} and the operands.
 * Anything else (help, a version, an option cluster such as {@code -it}, an attached short value,
 * an option given twice, a value that looks like an option, an {@code @file}, a missing operand, a
 * value that does not convert) is left to picocli: {@link #parse} is empty, and picocli parses the
 * line and says what is wrong. {@code QuickCommandLineTest} holds both parsers to the same result.
 */
final class QuickCommandLine {
    private final CommandTable.Command command;
    private final Map<String, Object> objects;
    // by identity: a record's hashCode is made by invokedynamic on first use, a cost at start-up
    private final Set<CommandTable.Option> given = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<CommandTable.Binding, List<Object>> lists = new IdentityHashMap<>();
    private final List<String> operands = new ArrayList<>();
    private boolean endOfOptions;

    private QuickCommandLine(CommandTable.Command command, Map<String, Object> objects) {
        this.command = command;
        this.objects = objects;
    }

    /** A line this parser leaves to picocli. */
    private static final class Declined extends RuntimeException {
        Declined() {
            super(null, null, false, false);
        }
    }

    /**
     * The command {@code args} name with its fields set, the global options set on {@code pier},
     * or empty when picocli should parse the line.
     */
    static Optional<Callable<?>> parse(Pier pier, CommandTable table, String... args) {
        try {
            return Optional.of(command(pier, table, args));
        } catch (Declined | NumberFormatException | InvalidPathException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the command table does not match the classes: " + e, e);
        }
    }

    private static Callable<?> command(Pier pier, CommandTable table, String[] args) throws ReflectiveOperationException {
        for (String a : args) {
            check(!a.startsWith("@"));   // picocli reads arguments from @files
        }
        Words words = new Words(args);
        QuickCommandLine global = new QuickCommandLine(table.root(), new HashMap<>(Map.of("", pier)));
        while (words.hasMore() && words.peek().startsWith("-")) {
            global.option(words.next(), words);
        }
        global.finish();
        check(words.hasMore());
        CommandTable.Command c = table.command(words.next()).orElseThrow(Declined::new);
        Map<String, Object> objects = objects(c, pier);
        QuickCommandLine line = new QuickCommandLine(c, objects);
        while (words.hasMore()) {
            line.word(words.next(), words);
        }
        line.finish();
        return (Callable<?>) objects.get("");
    }

    /** The command object and its mixins by their paths, {@code pier} in their {@code @ParentCommand} fields. */
    private static Map<String, Object> objects(CommandTable.Command c, Pier pier) throws ReflectiveOperationException {
        Map<String, Object> objects = new HashMap<>(Map.of("", instantiate(c.type())));
        for (CommandTable.Mixin m : c.mixins()) {
            Object holder = objects.get(m.binding().path());
            Field f = field(m.binding());
            if (f.get(holder) == null) {   // as picocli: a mixin the field does not hold yet is made
                f.set(holder, instantiate(m.type()));
            }
            objects.put(m.binding().pathOfValue(), f.get(holder));
        }
        for (CommandTable.Binding parent : c.parents()) {
            field(parent).set(objects.get(parent.path()), pier);
        }
        return objects;
    }

    private void word(String word, Words words) throws ReflectiveOperationException {
        if (endOfOptions) {
            check(!word.equals("--"));   // a second one: picocli's rules
            operands.add(word);
        } else if (word.equals("--")) {
            endOfOptions = true;
        } else if (word.startsWith("-")) {
            option(word, words);
        } else {
            operands.add(word);
            endOfOptions = command.stopAtPositional();   // run IMAGE -x: -x is the container's
        }
    }

    /** Takes the option {@code word} (and its value): a long one may carry its value after {@code =}. */
    private void option(String word, Words words) throws ReflectiveOperationException {
        int eq = word.startsWith("--") ? word.indexOf('=') : -1;
        CommandTable.Option o = command.option(eq < 0 ? word : word.substring(0, eq)).orElseThrow(Declined::new);
        check(o.multi() || given.add(o));   // picocli refuses a single-valued option twice
        given.add(o);
        Optional<String> attached = eq < 0 ? Optional.empty() : Optional.of(word.substring(eq + 1));
        String value;
        if (o.arityMax() == 0) {
            check(attached.isEmpty());
            value = "true";
        } else if (o.arityMin() == 0) {   // --tls-verify[=BOOL]: a following true or false is picocli's to judge
            check(attached.isPresent() || !words.hasMore() || !isBoolean(words.peek()));
            value = attached.orElseGet(() -> o.fallbackValue().orElseThrow(Declined::new));
        } else {
            check(attached.isPresent() || words.hasMore() && !words.peek().startsWith("-"));
            value = attached.isPresent() ? attached.get() : words.next();
        }
        set(o.binding(), o.type(), o.multi(), value);
    }

    /** Sets the defaults of the options not given and the operands; declines a missing one or one too many. */
    private void finish() throws ReflectiveOperationException {
        for (CommandTable.Option o : command.options()) {
            check(!o.required() || given.contains(o));
            if (!given.contains(o) && o.defaultValue().isPresent()) {
                check(!o.multi());
                set(o.binding(), o.type(), false, o.defaultValue().get());
            }
        }
        boolean[] taken = new boolean[operands.size()];
        for (CommandTable.Positional p : command.positionals()) {
            int from = Math.min(p.indexMin(), operands.size());
            int to = (int) Math.min(p.indexMax() + 1L, operands.size());
            List<String> values = operands.subList(from, Math.max(from, to));
            // a list takes every word of its index range, one or more at a time: its arity bounds only its least
            check(values.size() >= p.arityMin() && (p.multi() || values.size() <= p.arityMax()));
            for (int i = from; i < from + values.size(); i++) {
                taken[i] = true;
            }
            for (String v : values) {
                set(p.binding(), p.type(), p.multi(), v);
            }
            if (values.isEmpty() && p.defaultValue().isPresent()) {
                check(!p.multi());
                set(p.binding(), p.type(), false, p.defaultValue().get());
            }
        }
        for (boolean t : taken) {
            check(t);   // an operand no parameter takes: picocli says so
        }
    }

    private void set(CommandTable.Binding binding, String type, boolean multi, String value) throws ReflectiveOperationException {
        Object holder = objects.get(binding.path());
        Field f = field(binding);
        Object converted = convert(type, value);
        if (!multi) {
            f.set(holder, converted);
            return;
        }
        List<Object> list = lists.get(binding);
        if (list == null) {   // as picocli: the first value replaces the field's initial list
            list = new ArrayList<>();
            lists.put(binding, list);
            f.set(holder, list);
        }
        list.add(converted);
    }

    /** The value as picocli's built-in converter of {@code type} makes it. */
    private static Object convert(String type, String value) {
        return switch (type) {
            case "java.lang.String" -> value;
            case "boolean", "java.lang.Boolean" -> {
                check(isBoolean(value));
                yield Boolean.parseBoolean(value);
            }
            case "int", "java.lang.Integer" -> Integer.valueOf(value);
            case "long", "java.lang.Long" -> Long.valueOf(value);
            case "double", "java.lang.Double" -> Double.valueOf(value);
            case "java.nio.file.Path" -> Path.of(value);
            default -> throw new Declined();
        };
    }

    private static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static void check(boolean condition) {
        if (!condition) {
            throw new Declined();
        }
    }

    private static Object instantiate(String type) throws ReflectiveOperationException {
        var constructor = Class.forName(type).getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static Field field(CommandTable.Binding binding) throws ReflectiveOperationException {
        Field f = Class.forName(binding.declaringClass()).getDeclaredField(binding.field());
        f.setAccessible(true);
        return f;
    }

    /** The words of the command line, in order. */
    private static final class Words {
        private final String[] args;
        private int index;

        Words(String[] args) {
            this.args = args;
        }

        boolean hasMore() {
            return index < args.length;
        }

        String peek() {
            return args[index];
        }

        String next() {
            return args[index++];
        }
    }
}
