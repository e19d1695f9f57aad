package dev.pier.build.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remembered hashes are never stale: any change of the file shows, even one that hides its mtime. */
class FileHashesTest {
    @TempDir
    Path dir;

    private static Digest of(String s) {
        return Digest.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void remembersAcrossLoadsAndSeesEveryChange() throws IOException {
        Path memo = dir.resolve("cache/hashes");
        Path file = Files.writeString(dir.resolve("A.class"), "one");
        FileHashes first = FileHashes.load(memo);
        assertThat(first.sha256(file)).isEqualTo(of("one"));
        first.save();
        assertThat(memo).exists();

        assertThat(FileHashes.load(memo).sha256(file)).isEqualTo(of("one"));

        // same size, mtime put back: only the change time tells
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "two");
        Files.setLastModifiedTime(file, mtime);
        assertThat(FileHashes.load(memo).sha256(file)).isEqualTo(of("two"));
    }

    @Test
    void aDamagedMemoOnlyMeansHashingAgain() throws IOException {
        Path memo = Files.writeString(dir.resolve("hashes"), "pier-file-hashes-v1\nnonsense\tdeadbeef\t" + dir.resolve("B") + "\n\0\0");
        Path file = Files.writeString(dir.resolve("B"), "bee");
        assertThat(FileHashes.load(memo).sha256(file)).isEqualTo(of("bee"));
        Files.writeString(memo, "something else entirely");
        assertThat(FileHashes.load(memo).sha256(file)).isEqualTo(of("bee"));
    }
}
