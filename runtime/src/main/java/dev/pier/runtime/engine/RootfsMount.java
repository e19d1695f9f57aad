package dev.pier.runtime.engine;

import dev.pier.image.transport.Image;
import dev.pier.image.unpack.ImageUnpacker;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.Flags;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A container's root filesystem at {@code <container dir>/rootfs}: an overlay of the cached layer
 * directories (lowerdir top first) with {@code upper/} and {@code work/} beside it, or, where the
 * overlay mount fails, a copy of the image made by {@link ImageUnpacker}.
 */
public final class RootfsMount {
    /** The mode: {@code overlay} or {@code copy}. */
    public static final String OVERLAY = "overlay";
    /** A private copy of the image's layers. */
    public static final String COPY = "copy";

    private RootfsMount() {}

    /** Prepares the rootfs of {@code image} in {@code containerDir}; returns the mode used. */
    public static String prepare(Image image, LayerStore layers, Path containerDir) {
        Path rootfs = containerDir.resolve("rootfs");
        try {
            Files.createDirectories(rootfs);
            List<Path> dirs = layers.extractAll(image.layers());
            if (mountOverlay(dirs, containerDir)) {
                return OVERLAY;
            }
            ImageUnpacker.withDefaults().apply(image, rootfs);
            return COPY;
        } catch (IOException e) {
            throw new RuntimeError("cannot prepare the root filesystem: " + e.getMessage(), e);
        }
    }

    /** Mounts the overlay again (after the container's process exited and it was unmounted). */
    public static void remount(Image image, LayerStore layers, Path containerDir) {
        if (!isMounted(containerDir.resolve("rootfs")) && Files.isDirectory(containerDir.resolve("upper"))
                && !mountOverlay(layers.extractAll(image.layers()), containerDir)) {
            throw new RuntimeError("cannot mount the overlay of " + containerDir);
        }
    }

    private static boolean mountOverlay(List<Path> bottomFirst, Path containerDir) {
        try {
            Path upper = Files.createDirectories(containerDir.resolve("upper"));
            Path work = Files.createDirectories(containerDir.resolve("work"));
            List<Path> lower = new ArrayList<>(bottomFirst);
            if (lower.isEmpty()) {
                lower.add(Files.createDirectories(containerDir.resolve("empty")));
            }
            Collections.reverse(lower);
            List<String> parts = lower.stream().map(Path::toString).toList();
            if (parts.stream().anyMatch(p -> p.contains(":") || p.contains(",")) || upper.toString().contains(",")) {
                return false;
            }
            // in a user namespace the kernel keeps overlayfs's markers in user.overlay.* (LayerStore writes them so there)
            String data = "lowerdir=" + String.join(":", parts) + ",upperdir=" + upper + ",workdir=" + work
                    + (RootlessLimits.rootless() ? ",userxattr" : "");
            Libc.mount("overlay", containerDir.resolve("rootfs").toString(), "overlay", 0, data);
            return true;
        } catch (IOException | RuntimeException e) {
            Trees.delete(containerDir.resolve("upper"));
            Trees.delete(containerDir.resolve("work"));
            return false;
        }
    }

    /** Unmounts the rootfs when it is a mount point. */
    public static void unmount(Path containerDir) {
        Path rootfs = containerDir.resolve("rootfs");
        if (isMounted(rootfs)) {
            Libc.umount2(rootfs.toString(), Flags.MNT_DETACH);
        }
    }

    /** Whether {@code path} is a mount point in this mount namespace. */
    public static boolean isMounted(Path path) {
        String p = path.toAbsolutePath().toString();
        String info;
        try {
            info = ProcFiles.read(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new RuntimeError("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        for (String line : info.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(p)) {
                return true;
            }
        }
        return false;
    }
}
