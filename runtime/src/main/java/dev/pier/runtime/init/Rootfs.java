package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Errno;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SecurityModules;
import dev.pier.runtime.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the container's root filesystem in the init's mount namespace: the rootfs bind, the
 * spec's mounts in order, {@code /dev}, then pivot_root (or chroot), the read-only root, and the
 * masked and read-only paths.
 */
final class Rootfs {
    private final Spec spec;
    private final Path rootfs;
    private final Path bundle;
    private final boolean userNamespace;
    private final List<Path> cgroupDirs;
    private final java.util.Optional<Path> pidNamespace;
    private final String mountLabel;

    Rootfs(Spec spec, Path rootfs, Path bundle, boolean userNamespace, List<Path> cgroupDirs) {
        this(spec, rootfs, bundle, userNamespace, cgroupDirs, java.util.Optional.empty());
    }

    /**
     * A root filesystem whose proc mounts show the pid namespace {@code pidNamespace} (a
     * {@code /proc/PID/ns/pid} file) rather than the mounting thread's own: for a thread that
     * created the container's pid namespace for its children but is not in it.
     */
    Rootfs(Spec spec, Path rootfs, Path bundle, boolean userNamespace, List<Path> cgroupDirs, java.util.Optional<Path> pidNamespace) {
        this.spec = spec;
        this.rootfs = rootfs;
        this.bundle = bundle;
        this.userNamespace = userNamespace;
        this.cgroupDirs = cgroupDirs;
        this.pidNamespace = pidNamespace;
        // the init refused a mount label where SELinux is not enabled (SecurityModules.requireFor)
        this.mountLabel = spec.linux() == null ? null : spec.linux().mountLabel();
    }

    /** Everything before pivot_root: propagation, the rootfs bind, the mounts, /dev. */
    void prepare() throws IOException {
        long propagation = spec.linux() == null ? 0 : MountOptions.propagation(spec.linux().rootfsPropagation());
        Libc.mount(null, "/", null, propagation == 0 ? MS_SLAVE | MS_REC : propagation, null);
        Libc.mount(rootfs.toString(), rootfs.toString(), "bind", MS_BIND | MS_REC, null);
        boolean devTmpfs = false;
        for (Mount m : spec.mounts()) {
            mount(m);
            devTmpfs |= m.destination().equals("/dev") && !MountOptions.parse(m.type(), m.options()).bind();
        }
        if (devTmpfs) {
            Devices.create(rootfs, spec.linux() == null ? List.of() : spec.linux().devices(), userNamespace);
        }
    }

    private void mount(Mount m) throws IOException {
        Path dest = SecureJoin.join(rootfs, m.destination());
        MountOptions o = MountOptions.parse(m.type(), m.options());
        if (o.bind()) {
            Path src = bundle.resolve(m.source() == null ? "" : m.source());
            if (!Files.exists(src)) {
                throw new RuntimeError("bind mount source " + src + " for " + m.destination() + " does not exist");
            }
            if (Files.isDirectory(src)) {
                Files.createDirectories(dest);
            } else if (!Files.exists(dest)) {
                Files.createDirectories(dest.getParent());
                Files.createFile(dest);
            }
            Libc.mount(src.toString(), dest.toString(), "bind", MS_BIND | (o.flags() & MS_REC), null);
            long rest = o.flags() & ~(MS_BIND | MS_REC | MS_REMOUNT);
            if (rest != 0) {
                remountBind(dest.toString(), rest);
            }
        } else if ("cgroup".equals(m.type())) {
            mountCgroup(dest, o);
            return;
        } else if (o.copyUp()) {
            Files.createDirectories(dest);
            TmpfsCopyUp.mount(m.source(), dest, o.flags(), o.data().isEmpty() ? null : o.data());
        } else {
            Files.createDirectories(dest);
            String data = mountLabel == null ? o.data() : SecurityModules.withMountLabel(m.type(), o.data(), mountLabel);
            if ("proc".equals(m.type()) && pidNamespace.isPresent()) {
                data = (data.isEmpty() ? "" : data + ",") + "pidns=" + pidNamespace.get();
            }
            try {
                Libc.mount(m.source(), dest.toString(), m.type(), o.flags(), data.isEmpty() ? null : data);
            } catch (SysException e) {
                if (!"sysfs".equals(m.type()) || e.errno() != Errno.EPERM) {
                    throw e;
                }
                // sysfs needs a network namespace owned by the user namespace: bind the host's, as runc does
                Libc.mount("/sys", dest.toString(), "bind", MS_BIND | MS_REC, null);
                remountBind(dest.toString(), o.flags());
            }
        }
        for (long p : o.propagation()) {
            Libc.mount(null, dest.toString(), null, p, null);
        }
    }

    /** A tmpfs with the container's cgroup directories bound read-only under it, one per v1 controller. */
    private void mountCgroup(Path dest, MountOptions o) throws IOException {
        Files.createDirectories(dest);
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            Libc.mount("cgroup2", dest.toString(), "cgroup2", o.flags(), null);
            return;
        }
        Libc.mount("tmpfs", dest.toString(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
        for (Path dir : cgroupDirs) {
            Path controller = dest.resolve(dir.getName(3).toString());
            Files.createDirectories(controller);
            Files.createDirectories(dir);
            Libc.mount(dir.toString(), controller.toString(), "bind", MS_BIND, null);
            remountBind(controller.toString(), (o.flags() | MS_NOSUID | MS_NODEV | MS_NOEXEC) & ~MS_REC);
        }
    }

    private static void remountBind(String target, long flags) {
        try {
            Libc.mount(null, target, null, MS_BIND | MS_REMOUNT | flags, null);
        } catch (SysException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            // in a user namespace the flags of the original mount are locked: keep them
            Libc.mount(null, target, null, MS_BIND | MS_REMOUNT | flags | MS_NOSUID | MS_NODEV, null);
        }
    }

    /** pivot_root into the rootfs and detach the old root, or chroot with {@code noPivot}. */
    void enter(boolean noPivot) {
        if (noPivot) {
            Libc.chdir(rootfs.toString());
            Libc.mount(rootfs.toString(), "/", null, MS_MOVE, null);
            Libc.chroot(".");
            Libc.chdir("/");
            return;
        }
        int oldRoot = Libc.open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC, 0);
        int newRoot = Libc.open(rootfs.toString(), O_DIRECTORY | O_RDONLY | O_CLOEXEC, 0);
        try {
            Libc.fchdir(newRoot);
            Libc.pivotRoot(".", ".");
            Libc.fchdir(oldRoot);
            Libc.mount(null, ".", null, MS_SLAVE | MS_REC, null);
            Libc.umount2(".", MNT_DETACH);
            Libc.chdir("/");
        } finally {
            Libc.close(oldRoot);
            Libc.close(newRoot);
        }
    }

    /** After entering the root: read-only root, masked and read-only paths. */
    void finish() {
        if (spec.linux() != null) {
            for (String p : spec.linux().readonlyPaths()) {
                if (Files.exists(Path.of(p))) {
                    Libc.mount(p, p, null, MS_BIND | MS_REC, null);
                    remountBind(p, MS_RDONLY | MS_REC);
                }
            }
            for (String p : spec.linux().maskedPaths()) {
                Path path = Path.of(p);
                if (Files.isDirectory(path)) {
                    Libc.mount("tmpfs", p, "tmpfs", MS_RDONLY, null);
                } else if (Files.exists(path)) {
                    Libc.mount("/dev/null", p, null, MS_BIND, null);
                }
            }
        }
        if (spec.root().isReadonly()) {
            remountBind("/", MS_RDONLY);
        }
    }
}
