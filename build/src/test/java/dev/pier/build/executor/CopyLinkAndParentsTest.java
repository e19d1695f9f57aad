package dev.pier.build.executor;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.store.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code COPY --parents}, {@code --link} and {@code --exclude} as BuildKit's Dockerfile reference defines them (its examples). */
class CopyLinkAndParentsTest {
    @TempDir
    Path tmp;

    @Test
    void parentsKeepTheSourcePathsBelowThePivot() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test AS tools
                COPY x/a.txt /opt/app/bin/tool
                FROM busybox:test
                COPY ./x/a.txt ./y/a.txt /no_parents/
                COPY --parents ./x/a.txt ./y/a.txt /parents/
                COPY --parents ./x/./y/*.txt /pivot/
                COPY --parents ./src/**/*.txt /deep/
                COPY --parents --from=tools /opt/./app/bin/tool /from/
                """, "x/a.txt", "xa", "y/a.txt", "ya", "x/y/b.txt", "xyb", "src/a.txt", "1", "src/x/b.txt", "2",
                "src/x/y/c.txt", "3", "src/x/y/c.md", "no"));
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("parents:1")));
        Map<String, String> fs = FlatTree.of(unpack(store, "parents:1", tmp.resolve("fs")));
        assertThat(fs).containsKeys("no_parents/a.txt", "parents/x/a.txt", "parents/y/a.txt", "pivot/y/b.txt",
                "deep/src/a.txt", "deep/src/x/b.txt", "deep/src/x/y/c.txt", "from/app/bin/tool");
        assertThat(fs.keySet()).filteredOn(p -> p.startsWith("no_parents/")).containsExactly("no_parents/a.txt");
        assertThat(fs).doesNotContainKeys("pivot/x", "deep/src/x/y/c.md", "from/opt");
        assertThat(Files.readString(tmp.resolve("fs/no_parents/a.txt"))).as("the last source wins, as in BuildKit").isEqualTo("ya");
        assertThat(Files.readString(tmp.resolve("fs/parents/y/a.txt"))).isEqualTo("ya");
    }

    @Test
    void doubleStarMatchesAnyDirectoriesInAStageAsInTheContext() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test AS tree
                COPY src/ /src/
                FROM busybox:test
                COPY --parents ./src/**/*.txt /ctx/
                COPY --parents --from=tree /src/**/*.txt /stage/
                COPY --from=tree /src/**/y/c.txt /flat/
                """, "src/a.txt", "1", "src/x/b.txt", "2", "src/x/y/c.txt", "3", "src/x/y/c.md", "no", "src/z/y/c.txt", "4"));
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("doublestar:1")));
        Map<String, String> fs = FlatTree.of(unpack(store, "doublestar:1", tmp.resolve("fs")));
        List<String> fromContext = fs.keySet().stream().filter(p -> p.startsWith("ctx/")).map(p -> p.substring(4)).sorted().toList();
        List<String> fromStage = fs.keySet().stream().filter(p -> p.startsWith("stage/")).map(p -> p.substring(6)).sorted().toList();
        assertThat(fromStage).as("the same pattern over the same tree").isEqualTo(fromContext)
                .contains("src/a.txt", "src/x/b.txt", "src/x/y/c.txt", "src/z/y/c.txt").doesNotContain("src/x/y/c.md");
        assertThat(fs).containsKey("flat/c.txt");
        assertThat(Files.readString(tmp.resolve("fs/flat/c.txt"))).as("two matches, the last one wins").isEqualTo("4");

        Path none = context(tmp, "none", Map.of("Dockerfile", """
                FROM busybox:test AS tree
                COPY src/ /src/
                FROM busybox:test
                COPY --from=tree /src/**/*.jar /jars/
                """, "src/a.txt", "1"));
        assertThatThrownBy(() -> DockerfileBuilder.build(store, options(none, new ArrayList<>())))
                .hasMessageContaining("source /src/**/*.jar: nothing in stage tree matches");
    }

    @Test
    void linkedCopyIsCachedWhateverIsBelowItAndFollowsNoSymlinkOfTheStage() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                COPY before.txt tree/ /
                COPY --link f.txt /lnk/f.txt
                COPY --link f.txt /opt/deep/
                COPY f.txt /after.txt
                """, "before.txt", "1", "f.txt", "f"));
        Files.createDirectories(ctx.resolve("tree"));
        Files.createSymbolicLink(ctx.resolve("tree/lnk"), Path.of("/etc"));   // copied as a link: /lnk -> /etc in the image
        BuildResult first = DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("link:1")));
        Map<String, String> fs = FlatTree.of(unpack(store, "link:1", tmp.resolve("fs1")));
        assertThat(fs.get("lnk")).as("the symlink of the stage is replaced by a directory").startsWith("dir 755 0:0");
        assertThat(fs).containsKeys("lnk/f.txt", "opt/deep/f.txt").doesNotContainKey("etc/f.txt");
        assertThat(fs.get("opt/deep")).startsWith("dir 755 0:0");

        Files.writeString(ctx.resolve("before.txt"), "2");
        List<String> progress = new ArrayList<>();
        BuildResult second = DockerfileBuilder.build(store, options(ctx, progress).withTags(List.of("link:2")));
        assertThat(second.cached()).as("both --link layers, though the layer below changed").isEqualTo(2);
        assertThat(second.executed()).as("the first COPY and the one after the linked ones").isEqualTo(2);
        var layers1 = image(store, "link:1").layers();
        var layers2 = image(store, "link:2").layers();
        assertThat(layers2.get(2).digest()).isEqualTo(layers1.get(2).digest());
        assertThat(layers2.get(3).digest()).isEqualTo(layers1.get(3).digest());
        assertThat(second.manifest().digest()).isNotEqualTo(first.manifest().digest());
    }

    @Test
    void excludeLeavesOutMatchesBelowEachSource() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", """
                FROM busybox:test
                COPY --exclude=*.txt hom* /mydir/
                COPY --exclude=*.md --exclude=sub dir /dir/
                COPY --exclude=*.txt dir/keep.md /single.md
                """, "home.txt", "t", "hom.md", "m", "homedir/a.txt", "t", "homedir/b.md", "m",
                "dir/keep.md", "k", "dir/drop.md", "d", "dir/x.txt", "x", "dir/sub/y.txt", "y"));
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("exclude:1")));
        Map<String, String> fs = FlatTree.of(unpack(store, "exclude:1", tmp.resolve("fs")));
        assertThat(fs).containsKeys("mydir/hom.md", "mydir/b.md", "dir/x.txt", "single.md")
                .doesNotContainKeys("mydir/home.txt", "mydir/homedir/a.txt", "dir/keep.md", "dir/drop.md", "dir/sub", "dir/sub/y.txt");
        assertThat(fs.keySet()).as("a wildcard's matched directory is copied by its contents").doesNotContain("mydir/homedir/b.md");
    }
}
