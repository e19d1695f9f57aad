package dev.pier.analyze.slim;

import dev.pier.analyze.trace.ImageTree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.build.jlink.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree laid out as Debian's merged /usr, with the host's own {@code ls} and the libraries
 * {@code readelf -d /usr/bin/ls} names, found through the tree's ld.so.conf include.
 */
class KeepSetTest {
    private static final Path HOST_LIBS = Path.of("/usr/lib/x86_64-linux-gnu");

    @TempDir
    Path root;

    @Test
    void keepsScriptsInterpreterItsLibrariesTheSymlinksAndParents() throws Exception {
        Path lib = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        Files.copy(Path.of("/usr/bin/ls"), root.resolve("usr/bin/ls"));
        ElfFile ls = ElfFile.read(Path.of("/usr/bin/ls")).orElseThrow();
        for (String needed : ls.needed()) {
            Files.copy(HOST_LIBS.resolve(needed), lib.resolve(needed), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        Files.copy(HOST_LIBS.resolve("ld-linux-x86-64.so.2"), lib.resolve("ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(root.resolve("lib64"), Path.of("usr/lib/x86_64-linux-gnu"));
        Files.writeString(root.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/x86_64-linux-gnu.conf"), "# multiarch\n/usr/lib/x86_64-linux-gnu\n");
        Files.writeString(root.resolve("usr/bin/list"), "#!/bin/ls -l\n");
        Files.writeString(root.resolve("usr/bin/unused"), "not kept\n");
        ImageTree tree = new ImageTree(root);
        KeepSet keep = new KeepSet(tree, new LibrarySearch(tree, ""));

        assertThat(keep.add("/bin/list")).isTrue();
        assertThat(keep.add("/proc/self/exe")).isFalse();
        assertThat(keep.add("/no/such/file")).isFalse();

        assertThat(keep.paths()).contains("/bin", "/usr", "/usr/bin", "/usr/bin/list", "/usr/bin/ls", "/lib64",
                "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "/usr/lib/x86_64-linux-gnu/libc.so.6")
                .doesNotContain("/usr/bin/unused", "/etc/ld.so.conf", "/");
        for (String needed : ls.needed()) {
            assertThat(keep.paths()).contains("/usr/lib/x86_64-linux-gnu/" + needed);
        }
    }
}
