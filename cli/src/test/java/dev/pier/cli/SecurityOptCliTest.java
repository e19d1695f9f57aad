package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.sys.SecurityModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier run --security-opt apparmor=...|label=...}: refused in one line where the host lacks
 * the module (this machine has neither AppArmor nor SELinux, so applying them is not tested here).
 */
@Timeout(300)
class SecurityOptCliTest {
    private static final String IMAGE = "cli/busybox:lsm";

    @TempDir
    static Path tmp;

    static Path store;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        store = tmp.resolve("store");
        BusyboxImage.importInto(store, tmp, IMAGE, List.of("sh", "cat", "echo"));
    }

    @Test
    void aModuleTheHostLacksIsRefusedInOneLineAndNothingIsLeft() throws Exception {
        if (!SecurityModules.apparmorEnabled()) {
            Exec.Result r = PierProcess.of(store, "run", "--rm", "--security-opt", "apparmor=pier-test", IMAGE, "true").run();
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr().strip()).isEqualTo("pier: apparmor profile pier-test is specified, but AppArmor is not enabled "
                    + "on this host (/sys/module/apparmor/parameters/enabled is missing or not Y)");
        }
        if (!SecurityModules.selinuxEnabled()) {
            Exec.Result r = PierProcess.of(store, "run", "--rm", "--security-opt", "label=type:pier_t", IMAGE, "true").run();
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr().strip()).startsWith("pier: selinux label system_u:system_r:pier_t:s0 is specified, "
                    + "but SELinux is disabled or not supported on this host").doesNotContain("\n");
        }
        try (var left = Files.list(store.resolve("containers"))) {
            assertThat(left.toList()).as("no container is left behind").isEmpty();
        }
    }

    @Test
    void unconfinedAndDisableNeedNoModule() {
        Exec.Result r = PierProcess.of(store, "run", "--rm", "--security-opt", "apparmor=unconfined", "--security-opt", "label=disable",
                IMAGE, "echo", "ran").run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("ran\n");
    }
}
