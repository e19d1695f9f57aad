package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Podman's {@code tmpcopyup} option of a tmpfs mount: the new tmpfs starts with a copy of what the
 * root filesystem has at its destination, so a directory made writable by a tmpfs under a
 * read-only root keeps the image's files there. The directory underneath is reached through a
 * descriptor opened before the mount hides it ({@code /proc/self/fd/N}). Regular files,
 * directories and symbolic links are copied (links as links, never followed) with their mode,
 * owner and times; devices, fifos and sockets are not, and hardlinks become separate files.
 */
final class TmpfsCopyUp {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private TmpfsCopyUp() {}

    /** Mounts the tmpfs on {@code dest} (a directory) and copies what was under it into it. */
    static void mount(String source, Path dest, long flags, String data) throws IOException {
        int under = Libc.open(dest.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        try {
            Libc.mount(source, dest.toString(), "tmpfs", flags & ~MS_RDONLY, data);
            Path from = Path.of("/proc/self/fd/" + under);
            copyChildren(from, dest);
            copyAttributes(Files.readAttributes(from, "unix:*"), dest);
            if ((flags & MS_RDONLY) != 0) {
                Libc.mount(null, dest.toString(), null, MS_REMOUNT | flags, data);
            }
        } finally {
            Libc.close(under);
        }
    }

    private static void copyChildren(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            for (Path entry : entries) {
                copy(entry, to.resolve(entry.getFileName().toString()));
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(from, "unix:*", NOFOLLOW);
        if (Boolean.TRUE.equals(attrs.get("isSymbolicLink"))) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(from));
            Files.setAttribute(to, "unix:uid", attrs.get("uid"), NOFOLLOW);
            Files.setAttribute(to, "unix:gid", attrs.get("gid"), NOFOLLOW);
            return;
        }
        if (Boolean.TRUE.equals(attrs.get("isDirectory"))) {
            Files.createDirectory(to);
            copyChildren(from, to);
        } else if (Boolean.TRUE.equals(attrs.get("isRegularFile"))) {
            Files.copy(from, to, NOFOLLOW);
        } else {
            return;   // devices, fifos and sockets: the runtime provides /dev, and a tmpfs is nodev
        }
        copyAttributes(attrs, to);
    }

    /** Owner first: chown clears the setuid and setgid bits that the mode then restores. */
    private static void copyAttributes(Map<String, Object> attrs, Path to) throws IOException {
        Files.setAttribute(to, "unix:uid", attrs.get("uid"), NOFOLLOW);
        Files.setAttribute(to, "unix:gid", attrs.get("gid"), NOFOLLOW);
        Files.setAttribute(to, "unix:mode", (Integer) attrs.get("mode") & 07777, NOFOLLOW);
        Files.setLastModifiedTime(to, (FileTime) attrs.get("lastModifiedTime"));
    }
}
