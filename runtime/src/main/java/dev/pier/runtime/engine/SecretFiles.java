package dev.pier.runtime.engine;

import static dev.pier.runtime.sys.Flags.MNT_DETACH;
import static dev.pier.runtime.sys.Flags.MS_NODEV;
import static dev.pier.runtime.sys.Flags.MS_NOEXEC;
import static dev.pier.runtime.sys.Flags.MS_NOSUID;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.init.SecureJoin;
import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The secrets of one container. Their bytes go only into a tmpfs that Pier mounts on the host at
 * {@code <container dir>/secrets/fs} (with {@code noswap}, so not even swap holds them), under a
 * directory only root can enter; that tmpfs is bound read-only onto {@code /run/secrets} in the
 * container. Each file is mode 0400 and owned by the container's user. The tmpfs is unmounted when
 * the container exits or is removed, which frees its pages: nothing is left to delete on disk.
 */
public final class SecretFiles {
    /** Where the secrets appear in the container. */
    public static final String DESTINATION = "/run/secrets";

    private SecretFiles() {}

    /**
     * Reads every secret's content, in order, before anything of the container exists, so a
     * missing source fails early. Names must be distinct; standard input serves one secret, and
     * not with {@code -i} (the container's stdin).
     */
    static Map<String, byte[]> read(List<RunSecret> secrets, boolean interactive, Function<String, String> env, InputStream stdin) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        long fromStdin = secrets.stream().filter(s -> s.source() instanceof SecretSource.StandardInput).count();
        if (fromStdin > 1 || (fromStdin == 1 && interactive)) {
            throw new RuntimeError(interactive ? "a secret cannot come from standard input with -i (the container's input)"
                    : "only one secret can come from standard input");
        }
        for (RunSecret s : secrets) {
            if (out.containsKey(s.name())) {
                throw new RuntimeError("secret " + s.name() + " is given twice");
            }
            out.put(s.name(), s.source().read(env, stdin));
        }
        return out;
    }

    /** The host-side mount point of the tmpfs. */
    static Path mountPoint(Path containerDir) {
        return containerDir.resolve("secrets/fs");
    }

    /** The container's read-only, noexec bind of the secrets tmpfs onto {@link #DESTINATION}. */
    static Mount bind(Path containerDir) {
        return new Mount(DESTINATION, "bind", mountPoint(containerDir).toString(),
                List.of("rbind", "ro", "nosuid", "nodev", "noexec", "rprivate"));
    }

    /**
     * Mounts the tmpfs and writes each secret into it as a file of mode 0400 owned by
     * {@code uid:gid}; the arrays are zeroed afterwards, so the bytes stay in the tmpfs only.
     */
    static void write(Path containerDir, Map<String, byte[]> secrets, long uid, long gid) {
        Path fs = mountPoint(containerDir);
        try {
            Files.createDirectories(fs.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(fs.getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(fs);
            long size = 64 * 1024;
            for (byte[] b : secrets.values()) {
                size += (b.length + 4095L) / 4096 * 4096;
            }
            mountTmpfs(fs, size, secrets.size() + 16);
            createDestination(containerDir.resolve("rootfs"));
            for (var e : secrets.entrySet()) {
                Path file = fs.resolve(e.getKey());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------")));
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                    out.write(e.getValue());
                }
                Files.setAttribute(file, "unix:uid", (int) uid);
                Files.setAttribute(file, "unix:gid", (int) gid);
            }
        } catch (IOException | SysException e) {
            throw new RuntimeError("cannot write the secrets of " + containerDir.getFileName() + ": " + e.getMessage(), e);
        } finally {
            secrets.values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    /** {@code /run/secrets} in the rootfs, its missing directories mode 0755 (the runtime would make them with its umask). */
    private static void createDestination(Path rootfs) throws IOException {
        Path dir = rootfs;
        for (String part : List.of("run", "secrets")) {
            dir = SecureJoin.join(rootfs, rootfs.relativize(dir).resolve(part).toString());
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static void mountTmpfs(Path fs, long size, int inodes) {
        long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        String data = "mode=0755,size=" + size + ",nr_inodes=" + inodes;
        try {
            Libc.mount("tmpfs", fs.toString(), "tmpfs", flags, data + ",noswap");
        } catch (SysException e) {
            // noswap came with Linux 6.4; older kernels may swap the pages out (docs/security.md says so)
            Libc.mount("tmpfs", fs.toString(), "tmpfs", flags, data);
        }
    }

    /** Unmounts the secrets tmpfs of the container in {@code containerDir}, when mounted. */
    public static void unmount(Path containerDir) {
        Path fs = mountPoint(containerDir);
        if (Files.isDirectory(fs) && RootfsMount.isMounted(fs)) {
            Libc.umount2(fs.toString(), MNT_DETACH);
        }
    }
}
