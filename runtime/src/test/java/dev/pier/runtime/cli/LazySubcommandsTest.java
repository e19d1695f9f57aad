package dev.pier.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Only the named subcommand is built, and what users type still works as with all of them. */
class LazySubcommandsTest {
    @Command(name = "tool")
    static final class Tool implements Runnable {
        @Option(names = "--root") Path root;
        @Option(names = "--debug") boolean debug;

        @Override
        public void run() {}
    }

    @Command(name = "copy", aliases = "cp")
    static final class Copy implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "tag")
    static final class Tag implements Runnable {
        @Override
        public void run() {}
    }

    private static final List<Class<?>> COMMANDS = List.of(Copy.class, Tag.class, CommandLine.HelpCommand.class);

    private static CommandLine register(String... args) {
        CommandLine cli = new CommandLine(new Tool());
        LazySubcommands.register(cli, COMMANDS, args);
        return cli;
    }

    @Test
    void onlyTheNamedCommandPastGlobalOptionsAndTheirValues() {
        assertThat(register("--root", "tag", "--debug", "copy", "a", "b").getSubcommands()).containsOnlyKeys("copy", "cp");
        assertThat(register("--root=/x", "tag", "x").getSubcommands()).containsOnlyKeys("tag");
        assertThat(register("--debug", "cp").getSubcommands()).containsOnlyKeys("copy", "cp");
    }

    @Test
    void everythingForHelpVersionOptionsOnlyAndUnknownWords() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "copy"},
                new String[] {"copi"}, new String[] {"--root", "/x"})) {
            assertThat(register(args).getSubcommands()).as(String.join(" ", args)).containsKeys("copy", "tag", "help");
        }
    }

    @Test
    void settingsMadeAfterwardsReachTheSubcommand() {
        CommandLine cli = register("tag", "--help");
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.getSubcommands().get("tag").getCommandSpec().mixinStandardHelpOptions(true);
        assertThat(cli.execute("tag", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: tool tag");
    }
}
