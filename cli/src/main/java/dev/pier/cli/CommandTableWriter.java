package dev.pier.cli;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the {@link CommandTable} from picocli's model of {@code pier}, as {@link Pier#run}
 * configures it: run by the cli module's build (process-classes), so the table in the jar always
 * describes the classes beside it. A command is left out of the table, and so to picocli, when
 * anything in it is beyond {@link QuickCommandLine}: subcommands, argument groups, a
 * {@code @Spec}, an option bound to a method, a converter, a split, a negatable option, a type
 * other than strings, booleans, numbers, paths and lists of them.
 */
public final class CommandTableWriter {
    private static final Set<Class<?>> TYPES = Set.of(String.class, boolean.class, Boolean.class, int.class, Integer.class,
            long.class, Long.class, double.class, Double.class, Path.class);

    private CommandTableWriter() {}

    /** Writes the table as the class file {@code args[0]} ({@link CommandTable#TEXT_CLASS}). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        Files.write(file, textClass(table().format()));
    }

    /**
     * A class whose static {@code text()} returns {@code text}: string constants of at most
     * 16,000 characters (a constant holds 65,535 bytes of modified UTF-8) joined by
     * {@code String.concat}.
     */
    static byte[] textClass(String text) {
        int chunk = 16_000;
        return java.lang.classfile.ClassFile.of().build(java.lang.constant.ClassDesc.of(CommandTable.TEXT_CLASS), c -> c
                .withFlags(java.lang.classfile.ClassFile.ACC_FINAL | java.lang.classfile.ClassFile.ACC_SUPER)
                .withMethodBody("text", java.lang.constant.MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_String),
                        java.lang.classfile.ClassFile.ACC_STATIC, code -> {
                            code.ldc(text.substring(0, Math.min(chunk, text.length())));
                            for (int at = chunk; at < text.length(); at += chunk) {
                                code.ldc(text.substring(at, Math.min(at + chunk, text.length())));
                                code.invokevirtual(java.lang.constant.ConstantDescs.CD_String, "concat",
                                        java.lang.constant.MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_String,
                                                java.lang.constant.ConstantDescs.CD_String));
                            }
                            code.areturn();
                        }));
    }

    /** The table of picocli's model of every {@code pier} command. */
    static CommandTable table() {
        CommandLine cli = Pier.picocli(new Pier());   // no arguments: every command
        List<CommandTable.Command> commands = new ArrayList<>();
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof Callable<?>) {
                command(sub.getCommandSpec(), false).ifPresent(commands::add);
            }
        }
        return new CommandTable(command(cli.getCommandSpec(), true).orElseThrow(), commands);
    }

    /**
     * The command's entry, or empty when it is beyond the quick parser; of the {@code root}, only
     * its global options matter (its subcommands and its {@code @Spec}, for its usage, do not).
     */
    private static Optional<CommandTable.Command> command(CommandSpec spec, boolean root) {
        if (!root && !spec.subcommands().isEmpty() || !spec.argGroups().isEmpty() || !spec.unmatchedArgsBindings().isEmpty()) {
            return Optional.empty();
        }
        Map<Object, String> paths = new LinkedHashMap<>();   // in order; the objects have no equals of their own
        List<CommandTable.Mixin> mixins = new ArrayList<>();
        if (!mixins(spec, "", paths, mixins)) {
            return Optional.empty();
        }
        List<CommandTable.Binding> parents = new ArrayList<>();
        for (Map.Entry<Object, String> holder : paths.entrySet()) {
            for (Field f : fields(holder.getKey().getClass())) {
                if (f.isAnnotationPresent(CommandLine.Spec.class) && !root
                        || f.isAnnotationPresent(CommandLine.ParentCommand.class) && f.getType() != Pier.class) {
                    return Optional.empty();
                }
                if (f.isAnnotationPresent(CommandLine.ParentCommand.class)) {
                    parents.add(binding(holder.getValue(), f));
                }
            }
        }
        List<CommandTable.Option> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;   // the quick parser takes none of these: picocli answers them
            }
            Optional<CommandTable.Option> option = option(o, paths);
            if (option.isEmpty()) {
                return Optional.empty();
            }
            options.add(option.get());
        }
        List<CommandTable.Positional> positionals = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            Optional<CommandTable.Binding> binding = supported(p, paths);
            if (binding.isEmpty() || !isList(p) && (p.arity().max() > 1 || p.index().min() != p.index().max())) {
                return Optional.empty();
            }
            positionals.add(new CommandTable.Positional(p.index().min(), p.index().max(), p.arity().min(), p.arity().max(), binding.get(),
                    elementType(p).getName(), isList(p), Optional.ofNullable(p.defaultValue())));
        }
        List<String> names = new ArrayList<>(List.of(spec.name()));
        names.addAll(List.of(spec.aliases()));
        return Optional.of(new CommandTable.Command(names, spec.userObject().getClass().getName(), spec.parser().stopAtPositional(),
                mixins, parents, options, positionals));
    }

    private static Optional<CommandTable.Option> option(OptionSpec o, Map<Object, String> paths) {
        Optional<CommandTable.Binding> binding = supported(o, paths);
        if (binding.isEmpty() || o.negatable()) {
            return Optional.empty();
        }
        boolean bool = elementType(o) == boolean.class || elementType(o) == Boolean.class;
        int min = o.arity().min();
        int max = o.arity().max();
        boolean value = min == 1 && max == 1;                        // --name VALUE
        boolean flag = bool && !isList(o) && min == 0 && max <= 1;   // --rm, --tls-verify[=BOOL]
        // a flag that is on by default: picocli's rules for those are its own
        boolean onByDefault = max == 0 && o.defaultValue() != null && !o.defaultValue().equals("false");
        if (!(value || flag) || onByDefault) {
            return Optional.empty();
        }
        return Optional.of(new CommandTable.Option(List.of(o.names()), binding.get(), elementType(o).getName(), isList(o), min, max,
                Optional.ofNullable(o.defaultValue()), min == 0 && max == 1 ? Optional.ofNullable(o.fallbackValue()) : Optional.empty(),
                o.required()));
    }

    /** Where the argument's value goes, when it is a field of a supported type and picocli does nothing special with it. */
    private static Optional<CommandTable.Binding> supported(ArgSpec a, Map<Object, String> paths) {
        if (!(a.userObject() instanceof Field field) || !paths.containsKey(holder(a)) || a.interactive()
                || a.converters().length > 0 || !a.splitRegex().isEmpty() || a.parameterConsumer() != null
                || !a.preprocessor().getClass().getName().endsWith("NoOpParameterPreprocessor")
                || !TYPES.contains(elementType(a)) || isList(a) && field.getType() != List.class
                || a.defaultValue() != null && (a.defaultValue().contains("${") || a.defaultValue().contains("\t"))) {
            return Optional.empty();
        }
        return Optional.of(binding(paths.get(holder(a)), field));
    }

    /** The object whose field the argument sets. */
    private static Object holder(ArgSpec a) {
        try {
            return a.scope().get();
        } catch (Exception e) {
            throw new IllegalStateException("picocli cannot say which object " + a + " belongs to", e);
        }
    }

    private static boolean isList(ArgSpec a) {
        return List.class.isAssignableFrom(a.type());
    }

    private static Class<?> elementType(ArgSpec a) {
        return isList(a) ? a.auxiliaryTypes()[0] : a.type();
    }

    /**
     * Each mixin's object and where it is (its path of field names), from the command down; false
     * for a mixin that is not a field (but picocli's help options, which the quick parser leaves to picocli).
     */
    private static boolean mixins(CommandSpec spec, String path, Map<Object, String> paths, List<CommandTable.Mixin> mixins) {
        paths.put(spec.userObject(), path);
        for (var e : spec.mixins().entrySet()) {
            var element = spec.mixinAnnotatedElements().get(e.getKey());
            if (element == null && e.getKey().equals("mixinStandardHelpOptions")) {
                continue;
            }
            if (element == null || !(element.userObject() instanceof Field field)) {
                return false;
            }
            CommandTable.Binding binding = binding(path, field);
            mixins.add(new CommandTable.Mixin(binding, e.getValue().userObject().getClass().getName()));
            if (!mixins(e.getValue(), binding.pathOfValue(), paths, mixins)) {
                return false;
            }
        }
        return true;
    }

    private static CommandTable.Binding binding(String path, Field field) {
        return new CommandTable.Binding(path, field.getDeclaringClass().getName(), field.getName());
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        return fields;
    }
}
