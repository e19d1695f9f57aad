package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A busybox-static image for the {@code pier run} tests of this module, imported into a store. */
final class BusyboxImage {
    private BusyboxImage() {}

    /**
     * Imports {@code /bin/busybox} with {@code applets} linked to it, and an /etc/passwd and
     * /etc/group with root and app (1000), as {@code name} into the store at {@code store}.
     */
    static void importInto(Path store, Path scratch, String name, List<String> applets) throws IOException {
        Path bin = Files.createDirectories(scratch.resolve("rootfs/bin"));
        Files.copy(Peers.require("busybox", "busybox-static"), bin.resolve("busybox"));
        for (String applet : applets) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(scratch.resolve("rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\n");
        var imported = RegistryCliTest.pier("--root", store.toString(), "import", scratch.resolve("rootfs").toString(), name);
        assertThat(imported.status()).as(imported.err()).isZero();
    }
}
