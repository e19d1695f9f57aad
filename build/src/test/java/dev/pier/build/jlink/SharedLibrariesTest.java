package dev.pier.build.jlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLibrariesTest {
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Test
    void findsTheLoaderAndLibcButNotWhatTheRuntimeHolds(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("bin"));
        Files.createDirectories(tmp.resolve("lib"));
        Files.copy(JAVA_HOME.resolve("bin/java"), tmp.resolve("bin/java"));
        Files.copy(JAVA_HOME.resolve("lib/libjli.so"), tmp.resolve("lib/libjli.so"));
        Map<String, Path> libs = SharedLibraries.host().neededBy(tmp);
        assertThat(libs).containsKey("/lib64/ld-linux-x86-64.so.2");
        assertThat(libs.keySet()).anyMatch(k -> k.endsWith("/libc.so.6"));
        assertThat(libs.keySet()).noneMatch(k -> k.endsWith("libjli.so"));
        assertThat(libs.values()).allMatch(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p));
    }

    @Test
    void aLibraryFoundNowhereIsAOneLineError(@TempDir Path tmp) throws Exception {
        Files.copy(JAVA_HOME.resolve("bin/java"), tmp.resolve("java"));
        assertThatThrownBy(() -> new SharedLibraries(List.of(tmp.resolve("nowhere"))).neededBy(tmp))
                .isInstanceOf(PierException.class).hasMessageContaining("needs libjli.so, found in none of");
    }
}
