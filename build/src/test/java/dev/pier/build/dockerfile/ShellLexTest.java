package dev.pier.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellLexTest {
    private static final Map<String, String> VARS = Map.of("a", "A", "empty", "", "path", "/usr/bin");

    private static String x(String word) {
        return new ShellLex('\\', VARS::get).expand(word);
    }

    @Test
    void simpleAndBraced() {
        assertThat(x("$a")).isEqualTo("A");
        assertThat(x("${a}b")).isEqualTo("Ab");
        assertThat(x("$ab")).isEqualTo("");
        assertThat(x("x$unset-y")).isEqualTo("x-y");
        assertThat(x("$path:/bin")).isEqualTo("/usr/bin:/bin");
        assertThat(x("cost $5")).isEqualTo("cost $5");
        assertThat(x("$")).isEqualTo("$");
    }

    @Test
    void modifiers() {
        assertThat(x("${a:-d}")).isEqualTo("A");
        assertThat(x("${unset:-d}")).isEqualTo("d");
        assertThat(x("${empty:-d}")).isEqualTo("d");
        assertThat(x("${empty-d}")).isEqualTo("");
        assertThat(x("${unset-d}")).isEqualTo("d");
        assertThat(x("${a:+set}")).isEqualTo("set");
        assertThat(x("${empty:+set}")).isEqualTo("");
        assertThat(x("${empty+set}")).isEqualTo("set");
        assertThat(x("${unset+set}")).isEqualTo("");
        assertThat(x("${unset:-$a/x}")).isEqualTo("A/x");
        assertThat(x("${unset:-${a}}")).isEqualTo("A");
        assertThatThrownBy(() -> x("${unset:?needed}")).hasMessage("unset: needed");
        assertThatThrownBy(() -> x("${a%x}")).hasMessageContaining("unsupported modifier");
        assertThatThrownBy(() -> x("${a")).hasMessageContaining("bad substitution");
    }

    @Test
    void quotesAndEscapes() {
        assertThat(x("\\$a")).isEqualTo("$a");
        assertThat(x("'$a'")).isEqualTo("$a");
        assertThat(x("\"$a b\"")).isEqualTo("A b");
        assertThat(x("\"\\$a \\\"q\\\" \\n\"")).isEqualTo("$a \"q\" \\n");
        assertThat(x("a\\ b")).isEqualTo("a b");
        assertThat(new ShellLex('`', VARS::get).expand("`$a C:\\x")).isEqualTo("$a C:\\x");
        assertThatThrownBy(() -> x("'open")).hasMessageContaining("single-quote");
    }
}
