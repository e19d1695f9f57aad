package dev.pier.build.jlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host's own binaries (Debian's and the JDK's), checked against what readelf reports for
 * them, and synthetic files ({@link ElfImage}) for the classes, byte orders and hostile headers
 * the host does not have.
 */
class ElfFileTest {
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final Path LS = Path.of("/usr/bin/ls");

    @TempDir
    Path dir;

    @Test
    void readsTheJavaLauncherWhoseSearchPathIsAnRpath() throws Exception {
        ElfFile java = ElfFile.require(JAVA_HOME.resolve("bin/java"));
        assertThat(java.is64()).isTrue();
        assertThat(java.machine()).isEqualTo(62);   // EM_X86_64
        assertThat(java.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(java.needed()).contains("libjli.so", "libc.so.6");
        assertThat(java.rpath()).anyMatch(p -> p.contains("$ORIGIN"));
        assertThat(java.runpath()).isEmpty();
        assertThat(ElfFile.read(JAVA_HOME.resolve("bin/java"))).contains(java);
    }

    @Test
    void readsTheNeededLibrariesOfADebianExecutable() {
        ElfFile ls = ElfFile.read(LS).orElseThrow();
        assertThat(ls.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(ls.needed()).contains("libc.so.6", "libselinux.so.1");
    }

    @Test
    void aSharedLibraryHasNoInterpreter() throws Exception {
        ElfFile jvm = ElfFile.require(JAVA_HOME.resolve("lib/server/libjvm.so"));
        assertThat(jvm.interpreter()).isEmpty();
        assertThat(jvm.needed()).contains("libc.so.6");
    }

    @Test
    void aStaticExecutableHasNoInterpreterAndNeedsNothing() throws Exception {
        ElfFile elf = ElfFile.require(write("static", new ElfImage(true, ByteOrder.LITTLE_ENDIAN).bytes()));
        assertThat(elf.interpreter()).isEmpty();
        assertThat(elf.needed()).isEmpty();
        Path busybox = Path.of("/bin/busybox");   // static on Debian's busybox package
        assumeTrue(Files.exists(busybox), "no busybox on this host");
        assertThat(ElfFile.require(busybox).interpreter()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"true, LITTLE_ENDIAN, 62", "true, BIG_ENDIAN, 43", "false, LITTLE_ENDIAN, 3", "false, BIG_ENDIAN, 8"})
    void readsEveryClassAndByteOrder(boolean is64, String order, int machine) throws Exception {
        ElfImage image = image(is64, order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        image.machine = machine;
        Path file = write("elf", image.bytes());
        ElfFile elf = ElfFile.require(file);
        assertThat(elf).isEqualTo(ElfFile.read(file).orElseThrow());
        assertThat(elf.is64()).isEqualTo(is64);
        assertThat(elf.machine()).isEqualTo(machine);
        assertThat(elf.interpreter()).contains("/lib/ld.so.1");
        assertThat(elf.needed()).containsExactly("libz.so.1", "libc.so.6");
        assertThat(elf.rpath()).containsExactly("/opt/old", "$ORIGIN/lib");
        assertThat(elf.runpath()).containsExactly("/opt/new");
        assertThat(ElfFile.isElf(file)).isTrue();
    }

    @Test
    void aDynamicSectionWithoutNamesNeedsNoStringTable() throws Exception {
        // Like a static-pie executable: PT_DYNAMIC only for its own relocations.
        ElfImage image = new ElfImage(true, ByteOrder.LITTLE_ENDIAN);
        image.dynamic = true;
        image.strtabAddress = 0x10L;   // mapped by no segment, which does not matter here
        assertThat(ElfFile.require(write("static-pie", image.bytes())).needed()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotElfWithOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("t"), "#!/bin/sh\necho hi\n".repeat(10));
        assertThat(ElfFile.isElf(text)).isFalse();
        assertThat(ElfFile.read(text)).isEmpty();
        assertThatThrownBy(() -> ElfFile.require(text)).isInstanceOf(PierException.class).hasMessage(text + ": not an ELF file");
        assertThat(ElfFile.isElf(dir)).isFalse();
        assertThat(ElfFile.read(dir)).isEmpty();
    }

    @Test
    void aMissingFileIsNotElfOrAnIoError() {
        Path missing = dir.resolve("missing");
        assertThat(ElfFile.isElf(missing)).isFalse();
        assertThat(ElfFile.read(missing)).isEmpty();
        assertThatThrownBy(() -> ElfFile.require(missing)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void truncatedHostBinariesFailCleanly() throws Exception {
        byte[] java = Files.readAllBytes(JAVA_HOME.resolve("bin/java"));
        byte[] ls = Files.readAllBytes(LS);
        assertTruncated(Arrays.copyOf(ls, 40));   // shorter than the ELF header
        assertTruncated(Arrays.copyOf(ls, 64));   // the header, without the program headers it points to
        for (int cut : new int[] {70, 200, 600}) {
            assertTruncated(Arrays.copyOf(java, cut));
        }
    }

    @Test
    void everyTruncationOfASyntheticFileFailsCleanly() throws Exception {
        for (boolean is64 : new boolean[] {true, false}) {
            byte[] whole = image(is64, ByteOrder.BIG_ENDIAN).bytes();
            for (int cut = 4; cut < whole.length; cut++) {   // the dynamic section is last, so every cut loses part of it
                assertTruncated(Arrays.copyOf(whole, cut));
            }
        }
    }

    @Test
    void hostileHeadersFailWithOneLineAndReadAsNotElf() throws Exception {
        byte[] java = Files.readAllBytes(JAVA_HOME.resolve("bin/java"));
        ByteBuffer.wrap(java).order(ByteOrder.LITTLE_ENDIAN).putLong(0x20, Long.MAX_VALUE / 2);   // e_phoff far away
        assertMalformed(java, "truncated or malformed ELF file");
        assertMalformed(hostile(i -> i.phnum = 0xffff), "truncated or malformed ELF file");
        assertMalformed(hostile(i -> i.terminateInterpreter = false), "truncated or malformed ELF file");
        assertMalformed(hostile(i -> i.strsz = 3L), "truncated or malformed ELF file");   // names past DT_STRSZ
        assertMalformed(hostile(i -> i.dynamicSize = Long.MAX_VALUE), "truncated or malformed ELF file");
        assertMalformed(hostile(i -> i.dynamicSize = -16L), "truncated or malformed ELF file");
        assertMalformed(hostile(i -> i.strtabAddress = 0x10L), "string table address 0x10 is in no loaded segment");
        byte[] badClass = image(true, ByteOrder.LITTLE_ENDIAN).bytes();
        badClass[4] = 3;
        assertMalformed(badClass, "unknown ELF class or byte order");
    }

    private static ElfImage image(boolean is64, ByteOrder order) {
        ElfImage image = new ElfImage(is64, order);
        image.interpreter = "/lib/ld.so.1";
        image.needed.addAll(List.of("libz.so.1", "libc.so.6"));
        image.rpath = "/opt/old:$ORIGIN/lib";
        image.runpath = "/opt/new";
        return image;
    }

    private static byte[] hostile(Consumer<ElfImage> corruption) {
        ElfImage image = image(true, ByteOrder.LITTLE_ENDIAN);
        corruption.accept(image);
        return image.bytes();
    }

    private void assertTruncated(byte[] bytes) throws IOException {
        assertMalformed(bytes, "truncated or malformed ELF file");
    }

    private void assertMalformed(byte[] bytes, String reason) throws IOException {
        Path file = write("bad", bytes);
        assertThat(ElfFile.read(file)).as("%d bytes", bytes.length).isEmpty();
        assertThatThrownBy(() -> ElfFile.require(file)).as("%d bytes", bytes.length)
                .isInstanceOf(PierException.class).hasMessage(file + ": " + reason);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
