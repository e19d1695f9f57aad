package dev.pier.analyze.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.analyze.Fixtures;
import dev.pier.image.PierException;
import dev.pier.image.layer.EntryType;
import dev.pier.image.testing.TestImages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerDiffEngineTest {
    @TempDir
    Path tmp;

    private static Map<String, String> files(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private ImageDiff threeLayers() throws Exception {
        var builder = TestImages.image()
                .layer(TestImages.files(files("etc/", "", "etc/hosts", "127.0.0.1", "etc/motd", "hello",
                        "var/", "", "var/cache/", "", "var/cache/a", "aaaa", "var/cache/b", "bb", "opt/x/y", "12345")))
                .layer(w -> {
                    w.addWhiteout("etc/motd", TestImages.FILE);
                    w.addOpaque("var/cache", TestImages.DIR);
                    w.addFile("var/cache/c", TestImages.FILE, 1, new java.io.ByteArrayInputStream(new byte[] {'c'}));
                    w.addFile("etc/hosts", TestImages.FILE, 3, new java.io.ByteArrayInputStream("::1".getBytes()));
                })
                .layer(w -> w.addWhiteout("opt", TestImages.FILE));
        return LayerDiffEngine.diff(Fixtures.write(tmp.resolve("l"), "t", builder), ContentVisitor.NONE, true);
    }

    @Test
    void resolvesWhiteoutsAndOpaqueDirectoriesAgainstLowerLayers() throws Exception {
        ImageDiff diff = threeLayers();

        assertThat(diff.layers()).hasSize(3);
        LayerDiff base = diff.layers().get(0);
        assertThat(base.size()).isEqualTo(9 + 5 + 4 + 2 + 5);
        // opt and opt/x are implicit parents of opt/x/y
        assertThat(base.changes()).allMatch(c -> c instanceof Change.Added).hasSize(10);
        assertThat(diff.trees().get(0).get("opt/x").orElseThrow().implicit()).isTrue();

        LayerDiff second = diff.layers().get(1);
        assertThat(second.changes()).extracting(Change::path, c -> c.getClass().getSimpleName())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("etc/motd", "Removed"),
                        org.assertj.core.groups.Tuple.tuple("var/cache/a", "Removed"),
                        org.assertj.core.groups.Tuple.tuple("var/cache/b", "Removed"),
                        org.assertj.core.groups.Tuple.tuple("var/cache/c", "Added"),
                        org.assertj.core.groups.Tuple.tuple("etc/hosts", "Modified"));
        assertThat(second.size()).isEqualTo(4);
        assertThat(second.entries()).hasSize(4);

        LayerDiff third = diff.layers().get(2);
        assertThat(third.removed()).isEqualTo(3);
        assertThat(third.changes()).extracting(Change::path).containsExactlyInAnyOrder("opt", "opt/x", "opt/x/y");

        assertThat(diff.tree().entries()).extracting(FileEntry::path)
                .containsExactly("etc", "etc/hosts", "var", "var/cache", "var/cache/c");
        FileEntry hosts = diff.tree().get("etc/hosts").orElseThrow();
        assertThat(hosts.layer()).isEqualTo(1);
        assertThat(hosts.size()).isEqualTo(3);
        assertThat(hosts.contentDigest()).startsWith("sha256:");
        // snapshots after each layer are independent of later layers
        assertThat(diff.trees().get(0).get("etc/motd")).isPresent();
        assertThat(diff.trees().get(1).get("opt/x/y")).isPresent();
        assertThat(diff.trees().get(2).get("opt/x/y")).isEmpty();
    }

    @Test
    void aFileReplacingADirectoryRemovesItsContentsAndWhiteoutsSpareTheirOwnLayer() {
        FileTree tree = new FileTree();
        FileEntry dir = new FileEntry("a", EntryType.DIRECTORY, 0, 0755, 0, 0, null, null, null, null, 0, false);
        FileEntry child = new FileEntry("a/b", EntryType.FILE, 7, 0644, 0, 0, null, null, null, "sha256:x", 0, false);
        tree.apply(0, List.of(new LayerEntry.Put(dir), new LayerEntry.Put(child)));

        FileEntry file = new FileEntry("a", EntryType.FILE, 1, 0644, 0, 0, null, null, null, "sha256:y", 1, false);
        FileEntry again = new FileEntry("c", EntryType.FILE, 1, 0644, 0, 0, null, null, null, "sha256:z", 1, false);
        // the whiteout of c in the same layer that adds c does not remove it
        List<Change> changes = tree.apply(1, List.of(new LayerEntry.Put(file), new LayerEntry.Put(again),
                new LayerEntry.Whiteout("c")));

        assertThat(changes).extracting(c -> c.getClass().getSimpleName() + " " + c.path())
                .containsExactlyInAnyOrder("Removed a/b", "Modified a", "Added c");
        assertThat(tree.entries()).extracting(FileEntry::path).containsExactly("a", "c");
    }

    @Test
    void rejectsNamesThatClimbAboveTheRoot() {
        assertThat(LayerTarReader.clean("./a/./b/../c/", "t")).isEqualTo("a/c");
        assertThat(LayerTarReader.clean("/", "t")).isEmpty();
        assertThatThrownBy(() -> LayerTarReader.clean("a/../../etc/passwd", "layer x"))
                .isInstanceOf(PierException.class).hasMessageContaining("escapes the root");
    }
}
