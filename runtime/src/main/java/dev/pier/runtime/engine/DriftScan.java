package dev.pier.runtime.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One part of {@code --drift=alert}: a walk of the places a container can write to, for regular
 * files with an execute bit whose status changed after the container was created (so they did
 * not come from the image). Each root is a host path (the overlay's upper directory, or a mount
 * through {@code /proc/PID/root}) with the path it has in the container; a walk stays on the
 * root's filesystem, so /proc, /sys and nested mounts are left to their own roots.
 *
 * @param roots host path to container path
 * @param since the container's creation time
 * @param events where findings go
 */
record DriftScan(Map<Path, String> roots, FileTime since, DriftEvents events) {
    /** One pass over every root. */
    void run() {
        roots.forEach((host, inContainer) -> {
            try {
                Object device = Files.getAttribute(host, "unix:dev", LinkOption.NOFOLLOW_LINKS);
                Files.walkFileTree(host, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        return device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                                ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        check(file, host, inContainer, device);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;   // deleted meanwhile
                    }
                });
            } catch (IOException | SecurityException e) {
                // the container exited or the place vanished: nothing to see there any more
            }
        });
    }

    private void check(Path file, Path host, String inContainer, Object device) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || !executable(a.permissions())
                    || !device.equals(Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                return;
            }
            FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            String relative = host.relativize(file).toString();
            String path = relative.isEmpty() ? inContainer : inContainer.equals("/") ? "/" + relative : inContainer + "/" + relative;
            if (changed.compareTo(since) >= 0) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("mode", PosixFilePermissions.toString(a.permissions()));
                details.put("size", a.size());
                events.report("file:" + path + "@" + changed.toMillis(), "new-executable", path, details);
            }
        } catch (IOException e) {
            // deleted meanwhile
        }
    }

    /** Whether any execute bit is set. */
    static boolean executable(Set<PosixFilePermission> p) {
        return p.contains(PosixFilePermission.OWNER_EXECUTE) || p.contains(PosixFilePermission.GROUP_EXECUTE)
                || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    }
}
