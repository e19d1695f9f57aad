package dev.pier.runtime.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Registers on a picocli command line only the subcommand its arguments name. Picocli builds the
 * model of every registered command by reflection when the command line is made, and for a short
 * command that is most of the start-up time: with thirty commands, thirty models are built to run
 * one. When the arguments name no known subcommand ({@code --help}, {@code --version},
 * {@code help}, a typo), every subcommand is registered, so help lists them all and an error
 * suggests the right name.
 */
public final class LazySubcommands {
    private LazySubcommands() {}

    /**
     * Adds to {@code cli} (made without subcommands) the one of {@code commands} that {@code args}
     * name, or all of them; returns the name of the one added, if only one was.
     *
     * @param commands classes annotated with {@link Command}, in the order help lists them
     */
    public static Optional<String> register(CommandLine cli, List<Class<?>> commands, String... args) {
        Optional<String> named = commandWord(cli, args);
        Optional<Class<?>> chosen = named.flatMap(word -> commands.stream().filter(c -> answersTo(c, word)).findFirst());
        // "help COMMAND" needs the command it explains: register everything.
        if (chosen.isPresent() && chosen.get() != CommandLine.HelpCommand.class) {
            cli.addSubcommand(chosen.get());
            return named;
        }
        commands.forEach(cli::addSubcommand);
        return Optional.empty();
    }

    /** The first argument that is neither a global option nor an option's value. */
    private static Optional<String> commandWord(CommandLine cli, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                return Optional.of(arg);
            }
            if (arg.equals("--")) {
                return i + 1 < args.length ? Optional.of(args[i + 1]) : Optional.empty();
            }
            OptionSpec option = arg.contains("=") ? null : cli.getCommandSpec().findOption(arg);
            if (option != null && option.arity().max() > 0 && !isBoolean(option)) {
                i++;   // the option's value, e.g. the DIR of --root DIR
            }
        }
        return Optional.empty();
    }

    private static boolean isBoolean(OptionSpec option) {
        return option.type() == boolean.class || option.type() == Boolean.class;
    }

    private static boolean answersTo(Class<?> command, String word) {
        Command annotation = command.getAnnotation(Command.class);
        return annotation != null && (annotation.name().equals(word) || Arrays.asList(annotation.aliases()).contains(word));
    }
}
