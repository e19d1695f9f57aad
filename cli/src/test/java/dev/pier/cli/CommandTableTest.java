package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table {@link QuickCommandLine} parses by is picocli's model of the commands, and holds the common ones. */
class CommandTableTest {
    @Test
    void isWhatPicocliSaysOfTheCommands() {
        String expected = CommandTableWriter.table().format();
        assertThat(CommandTable.load().orElseThrow().format())
                .as("CommandTableText differs from picocli's model: rebuild the cli module (mvn -pl cli process-classes)")
                .isEqualTo(expected);
        assertThat(CommandTable.parse(expected).format()).isEqualTo(expected);
    }

    @Test
    void aLongTableIsJoinedFromItsConstants() throws Exception {
        String text = "x".repeat(40_000) + "\u00e9" + "y".repeat(9_000);
        byte[] bytes = CommandTableWriter.textClass(text);
        var loader = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(CommandTable.TEXT_CLASS, bytes, 0, bytes.length);
            }
        };
        var method = loader.define().getDeclaredMethod("text");
        method.setAccessible(true);
        assertThat(method.invoke(null)).isEqualTo(text);
    }

    @Test
    void holdsTheCommonCommands() {
        CommandTable table = CommandTable.load().orElseThrow();
        for (String name : List.of("run", "exec", "ps", "stop", "kill", "rm", "logs", "wait", "start", "inspect", "copy", "pull", "push",
                "images", "__aot-training")) {
            assertThat(table.command(name)).as(name + " is parsed without picocli (no @Spec, plain options)").isPresent();
        }
        assertThat(table.root().option("--root")).isPresent();
        assertThat(table.root().option("--debug")).isPresent();
        assertThat(table.command("run").orElseThrow().stopAtPositional()).isTrue();
        assertThat(table.command("exec").orElseThrow().stopAtPositional()).isTrue();
        assertThat(table.command("help")).as("help needs picocli").isEmpty();
    }
}
