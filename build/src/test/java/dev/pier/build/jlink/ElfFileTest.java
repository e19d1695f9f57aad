package dev.pier.build.jlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Test
    void readsTheInterpreterAndNeededLibrariesOfTheJavaLauncher() throws Exception {
        ElfFile java = ElfFile.read(JAVA_HOME.resolve("bin/java"));
        assertThat(java.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(java.needed()).contains("libjli.so", "libc.so.6");
        assertThat(java.runpath()).anyMatch(p -> p.contains("$ORIGIN"));
    }

    @Test
    void aSharedLibraryHasNoInterpreter() throws Exception {
        ElfFile jvm = ElfFile.read(JAVA_HOME.resolve("lib/server/libjvm.so"));
        assertThat(jvm.interpreter()).isEmpty();
        assertThat(jvm.needed()).contains("libc.so.6");
    }

    @Test
    void rejectsWhatIsNotElfWithOneLine(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("t"), "#!/bin/sh\necho hi\n".repeat(10));
        assertThat(ElfFile.isElf(text)).isFalse();
        assertThatThrownBy(() -> ElfFile.read(text)).isInstanceOf(PierException.class).hasMessageEndingWith("not an ELF file");
    }

    @Test
    void truncatedOrCorruptHeadersFailCleanly() throws Exception {
        byte[] real = Files.readAllBytes(JAVA_HOME.resolve("bin/java"));
        for (int cut : new int[] {70, 200, 600}) {
            byte[] part = Arrays.copyOf(real, cut);
            assertThatThrownBy(() -> ElfFile.parse(ByteBuffer.wrap(part).order(ByteOrder.LITTLE_ENDIAN), "cut"))
                    .isInstanceOf(PierException.class).hasMessageStartingWith("cut: ");
        }
        byte[] hostile = real.clone();
        ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putLong(0x20, Long.MAX_VALUE / 2); // e_phoff far away
        assertThatThrownBy(() -> ElfFile.parse(ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN), "bad"))
                .isInstanceOf(PierException.class).hasMessage("bad: truncated or malformed ELF file");
    }
}
