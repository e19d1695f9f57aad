package dev.pier.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The C library's way and the JDK's way of writing a layer's files give the same files. */
class RegularFileWriterTest {
    @TempDir
    Path dir;

    static Stream<Arguments> writers() {
        return Stream.of(Arguments.of("libc", NativeFiles.open().orElseThrow()), Arguments.of("jdk", null));
    }

    private static RegularFileWriter writer(NativeFiles nativeFiles) {
        return new RegularFileWriter(Optional.ofNullable(nativeFiles));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void contentPermissionsAndNanosecondMtime(String name, NativeFiles nativeFiles) throws IOException {
        byte[] content = new byte[200_000];   // several buffers' worth
        new Random(3).nextBytes(content);
        FileTime mtime = FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        Path file = dir.resolve("f");
        long copied = writer(nativeFiles).write(file, 0100750, mtime, new ByteArrayInputStream(content), "entry f");
        assertThat(copied).isEqualTo(content.length);
        // times first: reading the content may update the atime
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
        assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime()).isEqualTo(mtime);
        assertThat(((Integer) Files.getAttribute(file, "unix:mode")) & 0777).isEqualTo(0750 & ~ProcessUmask.VALUE);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void neverWritesThroughWhatIsThereAndReadsNothingThen(String name, NativeFiles nativeFiles) throws IOException {
        Path outside = dir.resolve("outside");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, outside);   // dangling: O_CREAT alone would create "outside"
        InputStream content = new ByteArrayInputStream(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> writer(nativeFiles).write(link, 0644, FileTime.fromMillis(0), content, "entry link"))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(content.available()).isEqualTo(3);
        assertThat(outside).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void aBrokenStreamIsACorruptTar(String name, NativeFiles nativeFiles) {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new java.util.zip.ZipException("invalid stored block lengths");
            }
        };
        assertThatThrownBy(() -> writer(nativeFiles).write(dir.resolve("g"), 0644, FileTime.fromMillis(0), broken, "layer x: entry g"))
                .isInstanceOf(PierException.class)
                .hasMessage("layer x: entry g: truncated or corrupt tar: invalid stored block lengths");
    }
}
