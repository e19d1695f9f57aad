package dev.pier.analyze.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilePathsTest {
    @Test
    void aDirectoryWithManyUsedEntriesIsRecordedAsTheDirectory() {
        assertThat(ProfilePaths.collapse(List.of("/lib/a.so", "/lib/b.so", "/lib/c.so", "/lib/d.so", "/lib/e.so", "/etc/passwd",
                "/etc//group", "/usr/../etc/hosts"))).containsExactly("/etc/group", "/etc/hosts", "/etc/passwd", "/lib/");
        assertThat(ProfilePaths.collapse(List.of("/a", "/b", "/c", "/d", "/e"))).containsExactly("/");
    }

    @Test
    void writableDirectoriesHoldTheWrittenPathsOutsideTheRuntimesMountsWithoutNesting() {
        assertThat(ProfilePaths.writableDirectories(List.of("/tmp/out", "/tmp/work", "/tmp/work/a", "/var/cache/app/", "/dev/null",
                "/proc/self/attr/exec", "/var/cache-old/x"))).containsExactly("/tmp", "/var/cache-old", "/var/cache/app");
        assertThat(ProfilePaths.writableDirectories(List.of("/out", "/tmp/x"))).containsExactly("/");
    }

    @Test
    void onlyAbsoluteLexicallyCleanPathsAreValid() {
        assertThat(List.of("/", "/etc/passwd", "/lib/")).allMatch(ProfilePaths::valid);
        assertThat(List.of("etc", "/etc/../root", "/./x", "//x", "/a\0b", "")).noneMatch(ProfilePaths::valid);
    }
}
