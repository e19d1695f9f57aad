package dev.pier.cli;

import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bridge network's peers: root and Debian's CNI plugins. */
final class CniPlugins {
    private CniPlugins() {}

    /** Skips the test without root or {@code /usr/lib/cni/bridge}; fails it instead when peers are required. */
    static void require() {
        Peers.requireRoot();
        if (!Files.isExecutable(Path.of("/usr/lib/cni/bridge"))) {
            String why = "needs Debian's containernetworking-plugins (/usr/lib/cni/bridge)";
            if (Peers.strict()) {
                throw new AssertionError(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }
}
