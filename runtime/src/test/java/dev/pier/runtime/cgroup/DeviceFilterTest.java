package dev.pier.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.spec.LinuxDeviceCgroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eBPF device program on a real cgroup v2 directory (the unified tree of this machine's
 * hybrid layout, or the root of a unified one): a shell that moved itself into the cgroup opens
 * what the rules allow and nothing else; the same shell before the program is attached opens
 * everything (the control).
 */
class DeviceFilterTest {
    private static final String SCRIPT = "echo $$ > \"$1\"/cgroup.procs || exit 9; "
            + "head -c1 /dev/zero >/dev/null && echo zero-read=ok; "
            + "(echo x > /dev/zero) 2>/dev/null && echo zero-write=ok || echo zero-write=denied; "
            + "(exec 3</dev/full) 2>/dev/null && echo full=ok || echo full=denied; "
            + "(echo x > /dev/null) && echo null=ok";

    @Test
    void theProgramAllowsOnlyWhatTheRulesAllow() throws Exception {
        Peers.requireRoot();
        Path v2 = Cgroups.isUnified() ? Cgroups.ROOT : Cgroups.ROOT.resolve("unified");
        assertThat(v2.resolve("cgroup.procs")).as("a cgroup v2 hierarchy").exists();
        Path dir = Files.createDirectory(v2.resolve("pier-devicefilter-" + System.nanoTime()));
        try {
            String before = Exec.of("sh", "-c", SCRIPT, "sh", dir.toString()).check().stdout();
            assertThat(before).isEqualTo("zero-read=ok\nzero-write=ok\nfull=ok\nnull=ok\n");
            DeviceFilter.attach(dir, List.of(
                    new LinuxDeviceCgroup(false, "a", null, null, "rwm"),
                    new LinuxDeviceCgroup(true, "c", 1L, 3L, "rwm"),
                    new LinuxDeviceCgroup(true, "c", 1L, 5L, "r"),
                    new LinuxDeviceCgroup(true, "c", 1L, 7L, "rwm"),
                    new LinuxDeviceCgroup(false, "c", 1L, 7L, "r")));   // a later deny overrides the allow
            String after = Exec.of("sh", "-c", SCRIPT, "sh", dir.toString()).check().stdout();
            assertThat(after).isEqualTo("zero-read=ok\nzero-write=denied\nfull=denied\nnull=ok\n");
        } finally {
            Files.delete(dir);   // the shells have exited: the cgroup is empty
        }
    }
}
