package dev.pier.analyze.squash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.analyze.Fixtures;
import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.FileTree;
import dev.pier.analyze.tree.LayerDiffEngine;
import dev.pier.image.PierException;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.spec.History;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.OciLayoutDestination;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSquasherTest {
    @TempDir
    Path tmp;

    private Image original() throws Exception {
        return Fixtures.write(tmp.resolve("l"), "orig", TestImages.image()
                .layer(w -> {
                    w.addDirectory("etc", TestImages.DIR);
                    Fixtures.bytes("etc/keep", "keep".getBytes(), 0644).addTo(w);
                    Fixtures.bytes("etc/gone", new byte[500], 0644).addTo(w);
                    Fixtures.bytes("var/lib/x", new byte[10], 0644).addTo(w);
                })
                .layer(w -> {
                    Fixtures.bytes("tmp/build/huge", new byte[4000], 0644).addTo(w);
                    w.addSymlink("bin", "usr/bin", TestImages.FILE);
                    Fixtures.bytes("usr/bin/tool", "#!/bin/sh".getBytes(), 04755).addTo(w);
                    w.addHardlink("usr/bin/tool2", "usr/bin/tool", TestImages.FILE);
                })
                .layer(w -> {
                    w.addWhiteout("tmp/build", TestImages.FILE);
                    w.addWhiteout("etc/gone", TestImages.FILE);
                    w.addOpaque("var/lib", TestImages.DIR);
                    Fixtures.bytes("var/lib/y", "y".getBytes(), 0600).addTo(w);
                    w.addDirectory("srv", EntryAttributes.of(0555, 1000, 1000));
                }), Fixtures.history(List.of(
                        Fixtures.history("base", false), Fixtures.history("ENV A=b", true),
                        Fixtures.history("build", false), Fixtures.history("cleanup", false),
                        Fixtures.history("CMD [\"sh\"]", true))));
    }

    private Image squash(Image image, SquashRange range, String ref) throws Exception {
        OciLayout layout = OciLayout.open(tmp.resolve("l"));
        try (var dst = new OciLayoutDestination(layout, Optional.of(ref), ref)) {
            ImageSquasher.squash(image, range, dst);
        }
        return Fixtures.open(tmp.resolve("l"), ref);
    }

    private static void assertSameTree(FileTree actual, FileTree expected) {
        assertThat(actual.entries()).extracting(FileEntry::path)
                .containsExactlyElementsOf(expected.entries().stream().map(FileEntry::path).toList());
        for (FileEntry e : expected.entries()) {
            FileEntry a = actual.get(e.path()).orElseThrow();
            assertThat(a.sameAs(e)).as("%s: %s vs %s", e.path(), a, e).isTrue();
        }
    }

    @Test
    void squashingTheLastLayersKeepsTheFlattenedTreeAndDropsWhatWasHidden() throws Exception {
        Image before = original();
        FileTree expected = LayerDiffEngine.diff(before).tree();

        Image after = squash(before, new SquashRange.Last(2), "last2");

        var diff = LayerDiffEngine.diff(after);
        assertSameTree(diff.tree(), expected);
        assertThat(after.layers()).hasSize(2);
        assertThat(after.layers().get(0).digest()).isEqualTo(before.layers().get(0).digest());
        long sizeBefore = LayerDiffEngine.diff(before).layers().stream().mapToLong(l -> l.size()).sum();
        long sizeAfter = diff.layers().stream().mapToLong(l -> l.size()).sum();
        assertThat(sizeAfter).isEqualTo(sizeBefore - 4000).isEqualTo(514 + 9 + 1);
        // the whiteouts of the base's files are in the new layer, the hidden build files are not
        assertThat(diff.layers().get(1).entries()).extracting(e -> e.getClass().getSimpleName() + " " + e.path())
                .contains("Whiteout etc/gone", "Whiteout var/lib/x").noneMatch(s -> s.contains("tmp/build"));

        List<History> history = after.config().history();
        assertThat(history).extracting(History::createdBy)
                .containsExactly("base", "ENV A=b", "build", "cleanup", "CMD [\"sh\"]", "pier squash (layers 2-3 of 3)");
        assertThat(history.stream().filter(h -> !h.isEmptyLayer()).count()).isEqualTo(after.layers().size());
        assertThat(history.get(2).comment()).isEqualTo(ImageSquasher.SQUASHED_COMMENT);
        assertThat(after.config().rootfs().diffIds()).hasSize(2);
    }

    @Test
    void squashingAllOrFromADigestGivesTheSameTree() throws Exception {
        Image before = original();
        FileTree expected = LayerDiffEngine.diff(before).tree();

        Image all = squash(before, new SquashRange.All(), "all");
        Image from = squash(before, new SquashRange.From(before.layers().get(1).digest().encoded().substring(0, 12)), "from");

        assertThat(all.layers()).hasSize(1);
        assertSameTree(LayerDiffEngine.diff(all).tree(), expected);
        assertThat(from.layers()).hasSize(2);
        assertSameTree(LayerDiffEngine.diff(from).tree(), expected);
    }

    @Test
    void rejectsRangesTheImageDoesNotHave() throws Exception {
        Image before = original();
        assertThatThrownBy(() -> new SquashRange.Last(4).start(before.layers()))
                .isInstanceOf(PierException.class).hasMessage("--last 4: the image has 3 layers");
        assertThatThrownBy(() -> new SquashRange.From("sha256:ffff").start(before.layers()))
                .isInstanceOf(PierException.class).hasMessageContaining("no layer");
    }
}
