package dev.pier.build.executor;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageImporter;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.ImportOptions;
import dev.pier.image.unpack.ImageUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A store with a busybox-static base image, contexts and Dockerfiles for executor tests. */
public final class BuildFixtures {
    public static final String BASE = "busybox:test";

    private BuildFixtures() {}

    /** A minimal root: busybox, sh, /etc/passwd with user app (1000), /tmp (1777). */
    public static Path busyboxRoot(Path dir) throws IOException {
        Path busybox = Peers.require("busybox");
        Files.createDirectories(dir.resolve("bin"));
        Files.copy(busybox, dir.resolve("bin/busybox"));
        Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("busybox"));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\napp:x:1001:\nstaff:x:50:\n");
        Files.createDirectories(dir.resolve("tmp"));
        Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
        return dir;
    }

    /** A store at {@code root} holding the busybox base as {@link #BASE}. */
    public static LocalStore storeWithBase(Path tmp) throws IOException {
        LocalStore store = LocalStore.open(tmp.resolve("store"));
        Path root = busyboxRoot(tmp.resolve("busybox-root"));
        ContainerConfig cfg = ContainerConfig.EMPTY.toBuilder().cmd(List.of("sh")).env("PATH", "/bin").build();
        try (var dst = ImageLocation.parse(BASE, () -> store).openDestination()) {
            ImageImporter.importPath(root, dst, ImportOptions.defaults().withConfig(cfg).withCreated(Instant.EPOCH));
        }
        return store;
    }

    /** Writes files into a new context directory: path to content. */
    public static Path context(Path tmp, String name, Map<String, String> files) throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve(name));
        for (var e : files.entrySet()) {
            Path p = ctx.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return ctx;
    }

    public static Image image(LocalStore store, String name) throws IOException {
        ImageSource src = ImageLocation.parse(name, () -> store).openSource();
        return src.image();
    }

    public static Path unpack(LocalStore store, String name, Path into) throws IOException {
        ImageUnpacker.withDefaults().unpackInto(image(store, name), into);
        return into;
    }

    public static BuildOptions options(Path ctx, List<String> progress) {
        return BuildOptions.of(ctx).withTimestamp(Instant.ofEpochSecond(1_700_000_000L)).withProgress(progress::add);
    }
}
