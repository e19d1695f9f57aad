package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.runtime.sys.SecurityModules;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code process.apparmorProfile}, {@code process.selinuxLabel} and {@code linux.mountLabel}
 * under pier-runc and runc: each runtime succeeds or fails on the same configurations on this
 * host (runc 1.1 fails a profile it cannot apply, a label without SELinux, and a mount whose
 * context option the kernel refuses), and where the host lacks the module, pier-runc's error says so.
 */
class SecurityModulesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    @Test
    void anAppArmorProfileNeedsAppArmor() {
        Exec.Result[] r = both("aa", c -> process(c).put("apparmorProfile", "pier-test-profile"));
        assertThat(r[0].exitCode()).as("runc: " + r[0].stderr()).isNotZero();
        assertThat(r[1].exitCode()).as("no profile of that name is loaded, if AppArmor is even there").isNotZero();
        if (!SecurityModules.apparmorEnabled()) {
            assertThat(r[1].stderr().strip()).isEqualTo("pier-runc: apparmor profile pier-test-profile is specified, "
                    + "but AppArmor is not enabled on this host (/sys/module/apparmor/parameters/enabled is missing or not Y)");
        }
    }

    @Test
    void anSelinuxLabelAndAMountLabelNeedSelinux() {
        Exec.Result[] label = both("se", c -> process(c).put("selinuxLabel", "system_u:system_r:pier_test_t:s0"));
        assertThat(label[1].exitCode() == 0).as(label[1].describe()).isEqualTo(label[0].exitCode() == 0);
        Exec.Result[] mount = both("ml", c -> ((ObjectNode) c.get("linux")).put("mountLabel", "system_u:object_r:pier_test_file_t:s0"));
        assertThat(mount[1].exitCode() == 0).as(mount[1].describe()).isEqualTo(mount[0].exitCode() == 0);
        if (!SecurityModules.selinuxEnabled()) {
            assertThat(label[1].exitCode()).isNotZero();
            assertThat(label[1].stderr()).contains("selinux label system_u:system_r:pier_test_t:s0 is specified, "
                    + "but SELinux is disabled or not supported on this host");
            assertThat(mount[1].stderr()).contains("mount label system_u:object_r:pier_test_file_t:s0 is specified, "
                    + "but SELinux is disabled or not supported on this host");
        }
    }

    @Test
    void unconfinedNeedsNothing() {
        TestBundle b = TestBundle.create(tmp, "echo ran");
        process(b.config()).put("apparmorProfile", "unconfined");
        Exec.Result r = Runtimes.pierRunc(tmp.resolve("root-u"), "run", "--bundle", b.write().toString(), "unconfined").run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("ran\n");
    }

    private static ObjectNode process(ObjectNode config) {
        return (ObjectNode) config.get("process");
    }

    /** The same bundle, changed by {@code change}, run by runc ([0]) and pier-runc ([1]). */
    private Exec.Result[] both(String name, Consumer<ObjectNode> change) {
        Exec.Result[] r = new Exec.Result[2];
        for (int i = 0; i < 2; i++) {
            TestBundle b = TestBundle.create(tmp, "grep ' /dev ' /proc/mounts");
            change.accept(b.config());
            Path dir = b.write();
            Path root = tmp.resolve("root-" + name + i);
            r[i] = (i == 0 ? Runtimes.runc(root, "run", "--bundle", dir.toString(), name + i)
                    : Runtimes.pierRunc(root, "run", "--bundle", dir.toString(), name + i)).run();
        }
        return r;
    }
}
