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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

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
    /** In a container's directory: the diff_ids (hex) of the overlay's lower layers, bottom first, one a line. */
    static final String LOWER_LAYERS = "lower-layers";

    private RootfsMount() {}

    /** Prepares the rootfs of {@code image} in {@code containerDir}; returns the mode used. */
    public static String prepare(Image image, LayerStore layers, Path containerDir) {
        Path rootfs = containerDir.resolve("rootfs");
        try (LayerStore.Use inUse = layers.use()) {   // until lower-layers says which layers it uses
            Files.createDirectories(rootfs);
            List<Path> dirs = layers.extractAll(image.layers());
            if (mountOverlay(dirs, containerDir)) {
                Path list = containerDir.resolve(LOWER_LAYERS);
                Path tmp = list.resolveSibling(LOWER_LAYERS + ".tmp");
                Files.write(tmp, dirs.stream().map(d -> d.getFileName().toString()).toList());
                Files.move(tmp, list, StandardCopyOption.ATOMIC_MOVE);
                return OVERLAY;
            }
            Trees.delete(containerDir.resolve("upper"));
            Trees.delete(containerDir.resolve("work"));
            ImageUnpacker.withDefaults().apply(image, rootfs);
            return COPY;
        } catch (IOException e) {
            throw new RuntimeError("cannot prepare the root filesystem: " + e.getMessage(), e);
        }
    }

    /**
     * The layers an overlay rootfs is made of (the hex of their diff_ids, bottom first), from the
     * list {@link #prepare} wrote; empty for a copy, or a container made before the list was kept.
     */
    public static Optional<List<String>> lowerLayers(Path containerDir) {
        Path list = containerDir.resolve(LOWER_LAYERS);
        try {
            return Files.isRegularFile(list) ? Optional.of(Files.readAllLines(list)) : Optional.empty();
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + list + ": " + e.getMessage(), e);
        }
    }

    /**
     * Mounts the overlay again, over the upper dir the container's earlier runs left (after its
     * process exited and the overlay was unmounted); a copy needs nothing.
     */
    public static void remount(Path containerDir, LayerStore layers) {
        if (isMounted(containerDir.resolve("rootfs")) || !Files.isDirectory(containerDir.resolve("upper"))) {
            return;
        }
        List<String> hexes = lowerLayers(containerDir).orElseThrow(() -> new RuntimeError(
                "the container at " + containerDir + " does not record its layers (made by an older Pier): run a new one"));
        List<Path> dirs = hexes.stream().map(h -> layers.dir().resolve(h)).toList();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new RuntimeError("layer sha256:" + d.getFileName() + " of the container at " + containerDir
                        + " is no longer in the layer cache");
            }
        }
        if (!mountOverlay(dirs, containerDir)) {
            throw new RuntimeError("cannot mount the overlay of " + containerDir);
        }
    }

    /** Mounts the overlay of {@code bottomFirst} and the container's upper dir; false where the kernel refuses. */
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
