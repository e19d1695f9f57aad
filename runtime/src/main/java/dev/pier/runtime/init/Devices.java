package dev.pier.runtime.init;

import dev.pier.runtime.spec.LinuxDevice;
import dev.pier.runtime.sys.Flags;
import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The device nodes of a container's {@code /dev}: the default ones, the spec's, and the standard links. */
final class Devices {
    /** The devices every container gets (runtime-spec "Default Devices"). */
    static final List<LinuxDevice> DEFAULTS = List.of(
            dev("/dev/null", 1, 3), dev("/dev/zero", 1, 5), dev("/dev/full", 1, 7),
            dev("/dev/random", 1, 8), dev("/dev/urandom", 1, 9), dev("/dev/tty", 5, 0));

    private Devices() {}

    private static LinuxDevice dev(String path, long major, long minor) {
        return new LinuxDevice("c", path, major, minor, 0666, 0L, 0L);
    }

    /**
     * Creates the default and extra devices under {@code rootfs}/dev; in a user namespace, where
     * mknod is not allowed, bind-mounts the host's nodes instead.
     */
    static void create(Path rootfs, List<LinuxDevice> extra, boolean bindMount) throws IOException {
        for (LinuxDevice d : DEFAULTS) {
            node(rootfs, d, bindMount);
        }
        for (LinuxDevice d : extra) {
            if (DEFAULTS.stream().noneMatch(x -> x.path().equals(d.path()))) {
                node(rootfs, d, bindMount);
            }
        }
        Path dev = SecureJoin.join(rootfs, "/dev");
        link(dev.resolve("fd"), "/proc/self/fd");
        link(dev.resolve("stdin"), "/proc/self/fd/0");
        link(dev.resolve("stdout"), "/proc/self/fd/1");
        link(dev.resolve("stderr"), "/proc/self/fd/2");
        if (Files.exists(Path.of("/proc/kcore"))) {
            link(dev.resolve("core"), "/proc/kcore");
        }
        if (!Files.exists(dev.resolve("ptmx"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            link(dev.resolve("ptmx"), "pts/ptmx");
        }
    }

    /**
     * The default devices made with mknod, each one only where the kernel allows it (inside a
     * container, the device cgroup may refuse some); no links to {@code /proc}, which a chroot
     * has not.
     */
    static void createWherePossible(Path rootfs) throws IOException {
        for (LinuxDevice d : DEFAULTS) {
            try {
                node(rootfs, d, false);
            } catch (dev.pier.runtime.sys.SysException e) {
                // the process runs without this node, as it would under a stricter device policy
            }
        }
    }

    private static void node(Path rootfs, LinuxDevice d, boolean bindMount) throws IOException {
        Path path = SecureJoin.join(rootfs, d.path());
        Files.createDirectories(path.getParent());
        if (bindMount) {
            if (!Files.exists(path)) {
                Files.createFile(path);
            }
            Libc.mount(d.path(), path.toString(), "bind", Flags.MS_BIND, null);
            return;
        }
        Files.deleteIfExists(path);
        int type = switch (d.type()) {
            case "b" -> Flags.S_IFBLK;
            case "p" -> Flags.S_IFIFO;
            default -> Flags.S_IFCHR;
        };
        int mode = d.fileMode() == null ? 0666 : d.fileMode() & 07777;
        Libc.mknod(path.toString(), type | mode, makedev(nz(d.major()), nz(d.minor())));
        if ((d.uid() != null && d.uid() != 0) || (d.gid() != null && d.gid() != 0)) {
            Files.setAttribute(path, "unix:uid", (int) nz(d.uid()));
            Files.setAttribute(path, "unix:gid", (int) nz(d.gid()));
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    /** The dev_t of major:minor, as glibc's makedev computes it. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    private static void link(Path at, String target) throws IOException {
        if (!Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(at, Path.of(target));
        }
    }
}
