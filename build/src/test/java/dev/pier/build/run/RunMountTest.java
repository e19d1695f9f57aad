package dev.pier.build.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RUN --mount} parsing, and what a RUN's layer leaves out. */
class RunMountTest {
    @TempDir
    Path tmp;

    @Test
    void parsesSecretCacheAndBind() {
        assertThat(RunMount.parse("type=secret,id=tok")).isEqualTo(new RunMount.Secret("tok", "/run/secrets/tok", false));
        assertThat(RunMount.parse("type=secret,id=tok,dst=etc/key,required")).isEqualTo(new RunMount.Secret("tok", "/etc/key", true));
        assertThat(RunMount.parse("type=cache,target=/root/.m2/")).isEqualTo(new RunMount.Cache("/root/.m2", "/root/.m2"));
        assertThat(RunMount.parse("type=bind,from=build,src=/out,target=/in")).isEqualTo(new RunMount.Bind("build", "/out", "/in", false));
        assertThat(RunMount.parse("type=bind,from=build,target=/in,rw")).isEqualTo(new RunMount.Bind("build", "/", "/in", true));
        assertThat(RunMount.parse("type=bind,target=/src")).isEqualTo(new RunMount.ContextBind(".", "/src", false));
        assertThat(RunMount.parse("type=bind,source=app,target=/app,readwrite=true")).isEqualTo(new RunMount.ContextBind("app", "/app", true));
    }

    @Test
    void refusesWhatItCannotDo() {
        assertThatThrownBy(() -> RunMount.parse("type=tmpfs,target=/t")).isInstanceOf(PierException.class).hasMessageContaining("not supported");
        assertThatThrownBy(() -> RunMount.parse("type=cache")).hasMessageContaining("target= is missing");
        assertThatThrownBy(() -> RunMount.parse("type=cache,target=/a/../b")).hasMessageContaining("..");
    }

    @Test
    void exclusionsDropMountPointsAndTheDirectoriesMadeForThem() throws Exception {
        Files.createDirectories(tmp.resolve("etc"));
        Exclusions x = new Exclusions(tmp, List.of("/proc", "/run/secrets/tok", "/etc/app/key"));
        List<Change> kept = x.filter(List.of(Change.entry("etc", null), Change.entry("etc/app", null), Change.entry("etc/app/key", null),
                Change.entry("proc", null), Change.entry("run", null), Change.entry("run/secrets", null),
                Change.entry("run/secrets/tok", null), Change.entry("srv", null), Change.entry("srv/x", null)));
        assertThat(kept).extracting(Change::path).containsExactly("etc", "srv", "srv/x");
        List<Change> withOther = x.filter(List.of(Change.entry("run", null), Change.entry("run/secrets", null),
                Change.entry("run/secrets/tok", null), Change.entry("run/app.pid", null)));
        assertThat(withOther).extracting(Change::path).containsExactly("run", "run/app.pid");
    }

    @Test
    void treeDiffFindsAddedChangedAndRemovedFiles() throws Exception {
        Path before = Files.createDirectories(tmp.resolve("before/d"));
        Files.writeString(before.resolve("same"), "1");
        Files.writeString(before.resolve("gone"), "1");
        Files.writeString(before.resolve("edit"), "1");
        Path after = Files.createDirectories(tmp.resolve("after/d"));
        Files.copy(before.resolve("same"), after.resolve("same"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(after.resolve("edit"), "22");
        Files.writeString(after.resolve("new"), "n");
        Files.setLastModifiedTime(after, Files.getLastModifiedTime(before));
        List<Change> changes = TreeDiff.between(tmp.resolve("before"), tmp.resolve("after"));
        assertThat(changes).extracting(c -> c.kind() + " " + c.path())
                .containsExactly("ENTRY d", "ENTRY d/edit", "WHITEOUT d/gone", "ENTRY d/new");
    }
}
