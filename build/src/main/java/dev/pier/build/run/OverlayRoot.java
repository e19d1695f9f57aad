package dev.pier.build.run;

import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SysException;
import dev.pier.runtime.sys.UserNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An overlayfs mount with the stage's root as its lower directory, and the upper and work
 * directories next to the mount point (on the same file system). {@code redirect_dir} and
 * {@code metacopy} are off, so every change in the upper directory is a whole file. In a rootless
 * user namespace (kernel 5.11 and later allow overlayfs there) the mount takes {@code userxattr}:
 * the kernel then keeps its markers in {@code user.overlay.*} and refuses the trusted-xattr
 * features (redirect_dir, metacopy), which are off with it.
 */
final class OverlayRoot implements WritableRoot {
    private static volatile Boolean available;
    private final Path dir;
    private final Path upper;
    private final Path merged;
    private final boolean userXattr = !UserNamespace.isInitial();
    private boolean mounted;

    private OverlayRoot(Path dir) {
        this.dir = dir;
        this.upper = dir.resolve("upper");
        this.merged = dir.resolve("merged");
    }

    /** Mounts an overlay of {@code lower} in a new directory under {@code work}. */
    static OverlayRoot mount(Path lower, Path work) throws IOException {
        OverlayRoot r = new OverlayRoot(Files.createTempDirectory(work, "overlay-"));
        try {
            Files.createDirectories(r.upper);
            Files.createDirectories(r.dir.resolve("work"));
            Files.createDirectories(r.merged);
            Libc.mount("overlay", r.merged.toString(), "overlay", 0, r.options(lower, r.dir.resolve("work")));
        } catch (IOException | RuntimeException | LinkageError e) {
            Trees.deleteQuietly(r.dir);
            throw e;
        }
        r.mounted = true;
        return r;
    }

    /**
     * An overlay of {@code lower} as {@link #mount} makes it, or empty when overlayfs cannot be
     * mounted here (not inside most unprivileged containers, nor for a user that is not root).
     * The first mount decides for the process: after a refusal no other is tried. Trying the real
     * mount, rather than a trial mount first, saves a mount, an unmount and a deletion per build.
     */
    static Optional<OverlayRoot> tryMount(Path lower, Path work) throws IOException {
        if (Boolean.FALSE.equals(available)) {
            return Optional.empty();
        }
        try {
            OverlayRoot r = mount(lower, work);
            available = true;
            return Optional.of(r);
        } catch (SysException | LinkageError e) {
            available = false;
            return Optional.empty();
        }
    }

    /**
     * Whether overlayfs mounts work here: the answer of the first {@link #tryMount}, or of a
     * trial mount under {@code work} when none was tried yet.
     */
    static boolean available(Path work) {
        Boolean a = available;
        if (a == null) {
            synchronized (OverlayRoot.class) {
                if (available == null) {
                    available = probe(work);
                }
                a = available;
            }
        }
        return a;
    }

    private static boolean probe(Path work) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(work, "overlay-probe-");
            Path lower = Files.createDirectories(dir.resolve("lower"));
            try (OverlayRoot r = mount(lower, dir)) {
                Files.writeString(r.path().resolve("probe"), "x");
                return Files.exists(r.upper.resolve("probe"));
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        } finally {
            if (dir != null) {
                Trees.deleteQuietly(dir);
            }
        }
    }

    private String options(Path lower, Path work) throws IOException {
        for (Path p : List.of(lower, upper, work)) {
            String s = p.toString();
            if (s.contains(",") || s.contains(":") || s.contains("\\")) {
                throw new IOException("overlayfs cannot take the path " + s);
            }
        }
        return "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work
                + (userXattr ? ",userxattr" : ",redirect_dir=off,metacopy=off");
    }

    @Override
    public Path path() {
        return merged;
    }

    @Override
    public List<Change> changes() throws IOException {
        unmount();
        return UpperDirChanges.of(upper, userXattr ? "user.overlay.opaque" : "trusted.overlay.opaque");
    }

    private void unmount() {
        if (mounted) {
            try {
                Libc.umount2(merged.toString(), 0);
            } catch (SysException e) {
                Libc.umount2(merged.toString(), 2 /* MNT_DETACH */);
            }
            mounted = false;
        }
    }

    @Override
    public void close() {
        unmount();
    }
}
