package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.runtime.RuntimeError;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spellings of {@code --secret} and the reading of its sources. */
class RunSecretTest {
    @TempDir
    Path tmp;

    private static final InputStream NO_INPUT = InputStream.nullInputStream();

    @Test
    void everySpellingNamesItsSource() {
        assertThat(RunSecret.parse("tok")).isEqualTo(new RunSecret("tok", new SecretSource.Environment("tok")));
        assertThat(RunSecret.parse("tok=env:API")).isEqualTo(new RunSecret("tok", new SecretSource.Environment("API")));
        assertThat(RunSecret.parse("tok=file:/a/b")).isEqualTo(new RunSecret("tok", new SecretSource.HostFile(Path.of("/a/b"))));
        assertThat(RunSecret.parse("tok=./b")).isEqualTo(new RunSecret("tok", new SecretSource.HostFile(Path.of("./b"))));
        assertThat(RunSecret.parse("tok=-")).isEqualTo(new RunSecret("tok", new SecretSource.StandardInput()));
        assertThat(RunSecret.parse("tok=stdin:")).isEqualTo(new RunSecret("tok", new SecretSource.StandardInput()));
        assertThat(RunSecret.parse("id=npmrc,src=/x")).isEqualTo(new RunSecret("npmrc", new SecretSource.HostFile(Path.of("/x"))));
        assertThat(RunSecret.parse("id=t,env=V")).isEqualTo(new RunSecret("t", new SecretSource.Environment("V")));
    }

    @Test
    void namesThatWouldLeaveRunSecretsAreRefused() {
        for (String bad : List.of("../x=-", "a/b=-", ".hidden=-", "=-", "id=,src=/x")) {
            assertThatThrownBy(() -> RunSecret.parse(bad)).as(bad).isInstanceOf(RuntimeError.class).hasMessageContaining("secret");
        }
        assertThatThrownBy(() -> RunSecret.parse("a=")).hasMessageContaining("no source after =");
    }

    @Test
    void sourcesAreReadBoundedAndOnce() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "from-file");
        Map<String, byte[]> read = SecretFiles.read(List.of(RunSecret.parse("a=" + file), RunSecret.parse("b=env:V"), RunSecret.parse("c=-")),
                false, Map.of("V", "from-env")::get, new ByteArrayInputStream("from-stdin".getBytes(StandardCharsets.UTF_8)));
        assertThat(read.keySet()).containsExactly("a", "b", "c");
        assertThat(new String(read.get("a"), StandardCharsets.UTF_8)).isEqualTo("from-file");
        assertThat(new String(read.get("b"), StandardCharsets.UTF_8)).isEqualTo("from-env");
        assertThat(new String(read.get("c"), StandardCharsets.UTF_8)).isEqualTo("from-stdin");
        Files.write(tmp.resolve("big"), new byte[SecretSource.MAX_BYTES + 1]);
        assertThatThrownBy(() -> SecretFiles.read(List.of(RunSecret.parse("big=" + tmp.resolve("big"))), false, k -> null, NO_INPUT))
                .hasMessageContaining("larger than 1048576 bytes");
        assertThatThrownBy(() -> SecretFiles.read(List.of(RunSecret.parse("a=-")), true, k -> null, NO_INPUT))
                .hasMessageContaining("cannot come from standard input with -i");
        assertThatThrownBy(() -> SecretFiles.read(List.of(RunSecret.parse("a=-"), RunSecret.parse("a=env:X")), false, k -> "x", NO_INPUT))
                .hasMessageContaining("secret a is given twice");
        assertThatThrownBy(() -> SecretFiles.read(List.of(RunSecret.parse("a=" + tmp.resolve("none"))), false, k -> null, NO_INPUT))
                .hasMessageContaining("does not exist");
    }
}
