package dev.pier.runtime.engine;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageImporter;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A store holding {@link #IMAGE}: busybox with users root and app (1000:1000, also in group
 * extra 2000), Env GREETING=hello, WorkingDir /srv, StopSignal SIGUSR1, Cmd sh. {@link #run}
 * starts {@link RunMain} in a JVM of its own, so the container's output can be read, and
 * {@link #start} {@link StartMain}.
 */
final class EngineFixture {
    static final String IMAGE = "engine/busybox:test";

    final Path store;

    EngineFixture(Path tmp) throws IOException {
        this.store = tmp.resolve("store");
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Peers.require("busybox", "busybox-static"), root.resolve("bin/busybox"));
        for (String tool : List.of("sh", "echo", "cat", "id", "ls", "touch", "sleep", "hostname", "grep", "env", "pwd", "test", "true", "head", "wc", "tty", "stty", "sed")) {
            Files.createSymbolicLink(root.resolve("bin/" + tool), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        ContainerConfig cfg = ContainerConfig.EMPTY.toBuilder().cmd(List.of("sh")).env("GREETING", "hello")
                .workingDir("/srv").stopSignal("SIGUSR1").build();
        LocalStore local = LocalStore.open(store);
        try (var dst = ImageLocation.parse(IMAGE, () -> local).openDestination()) {
            ImageImporter.importPath(root, dst, ImportOptions.defaults().withConfig(cfg).withCreated(Instant.EPOCH));
        }
    }

    ContainerEngine engine() {
        return new ContainerEngine(store);
    }

    /** The image, with its source (close it after use). */
    ImageSource source() throws IOException {
        return ImageLocation.parse(IMAGE, () -> LocalStore.open(store)).openSource();
    }

    static Image image(ImageSource src) throws IOException {
        return src.image(dev.pier.image.spec.Platform.host());
    }

    /** {@code RunMain STORE IMAGE args...} in a new JVM: see {@link RunMain} for the flags. */
    Exec.Result run(String... args) {
        return exec(args).run();
    }

    /** The command of {@link #run}, to add an environment or standard input before running it. */
    Exec exec(String... args) {
        List<String> all = new ArrayList<>(List.of(IMAGE));
        all.addAll(List.of(args));
        return java(RunMain.class, all);
    }

    /** {@code StartMain STORE CONTAINER} in a new JVM, to run: see {@link StartMain}. */
    Exec start(String container) {
        return java(StartMain.class, List.of(container));
    }

    private Exec java(Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), main.getName(), store.toString()));
        cmd.addAll(args);
        return Exec.of(cmd);
    }
}
