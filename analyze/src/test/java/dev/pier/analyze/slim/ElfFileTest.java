package dev.pier.analyze.slim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the host's own binaries (Debian's), checked against what readelf reports for them. */
class ElfFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheInterpreterAndNeededLibrariesOfADynamicExecutable() {
        Optional<ElfFile> elf = ElfFile.read(Path.of("/usr/bin/ls"));
        assertThat(elf).isPresent();
        assertThat(elf.get().is64()).isTrue();
        assertThat(elf.get().machine()).isEqualTo(62);   // EM_X86_64
        assertThat(elf.get().interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(elf.get().needed()).contains("libc.so.6", "libselinux.so.1");
    }

    @Test
    void aStaticExecutableHasNoInterpreter() {
        Path busybox = Path.of("/bin/busybox");
        if (Files.exists(busybox) && ElfFile.read(busybox).isPresent()) {
            assertThat(ElfFile.read(busybox).get().interpreter()).isEmpty();
        }
    }

    @Test
    void truncatedAndForeignFilesAreNotElf() throws Exception {
        byte[] real = Files.readAllBytes(Path.of("/usr/bin/ls"));
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, java.util.Arrays.copyOf(real, 40));
        Path text = dir.resolve("text");
        Files.writeString(text, "#!/bin/sh\necho hi\n");
        Path header = dir.resolve("header-only");
        Files.write(header, java.util.Arrays.copyOf(real, 64));
        assertThat(ElfFile.read(truncated)).isEmpty();
        assertThat(ElfFile.read(text)).isEmpty();
        assertThat(ElfFile.read(header)).isEmpty();
        assertThat(ElfFile.read(dir.resolve("missing"))).isEmpty();
    }
}
