package dev.pier.runtime.engine;

import dev.pier.image.spec.Json;
import dev.pier.runtime.spec.Mount;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --drift=alert}: a thread that looks, every {@link #INTERVAL_MS} ms, at the places a
 * running container can write to (the overlay's upper directory, or the whole root of a copied
 * rootfs, and every tmpfs and bind mount through {@code /proc/PID/root}) for files with an execute
 * bit whose status changed after the container started: executables that did not come from the
 * image. Each is reported once per change, as a JSON line in {@code events.jsonl} in the
 * container's directory and as a line on stderr (so {@code pier logs} shows it for a detached
 * container). It detects new executables, not their execution, and a file created and deleted
 * between two scans is missed (docs/security.md).
 */
final class DriftWatch implements AutoCloseable {
    /** Time between two scans. */
    static final long INTERVAL_MS = 250;
    /** The file of events in a container's directory. */
    static final String EVENTS = "events.jsonl";
    private static final Set<String> UNWATCHED_TYPES = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue");

    private final Path containerDir;
    private final Map<Path, String> roots;
    private final FileTime since;
    private final Set<String> reported = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    private DriftWatch(Path containerDir, Map<Path, String> roots, Instant since) {
        this.containerDir = containerDir;
        this.roots = roots;
        this.since = FileTime.from(since);
        this.thread = Thread.ofPlatform().daemon().name("drift-watch").unstarted(this::loop);
    }

    /** Starts watching the container in {@code containerDir} whose process is {@code pid}, with the spec's {@code mounts}. */
    static DriftWatch start(Path containerDir, int pid, List<Mount> mounts, Instant since) {
        Path procRoot = Path.of("/proc", Integer.toString(pid), "root");
        Map<Path, String> roots = new LinkedHashMap<>();
        Path upper = containerDir.resolve("upper");
        roots.put(Files.isDirectory(upper) ? upper : procRoot, "/");
        for (Mount m : mounts) {
            if (!UNWATCHED_TYPES.contains(m.type()) && !m.options().contains("ro")) {
                roots.put(procRoot.resolve(m.destination().substring(1)), m.destination());
            }
        }
        DriftWatch watch = new DriftWatch(containerDir, roots, since);
        watch.thread.start();
        return watch;
    }

    private void loop() {
        while (!closed) {
            scan();
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass over every root; directories on other mounts (/proc, /sys, nested mounts) are left to their own root. */
    synchronized void scan() {
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
            String path = inContainer.equals("/") ? "/" + host.relativize(file) : inContainer + "/" + host.relativize(file);
            if (changed.compareTo(since) >= 0 && reported.add(path + "@" + changed.toMillis())) {
                report(path, a);
            }
        } catch (IOException e) {
            // deleted meanwhile
        }
    }

    private static boolean executable(Set<PosixFilePermission> p) {
        return p.contains(PosixFilePermission.OWNER_EXECUTE) || p.contains(PosixFilePermission.GROUP_EXECUTE)
                || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private void report(String path, PosixFileAttributes a) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", Instant.now().toString());
        event.put("type", "drift");
        event.put("path", path);
        event.put("mode", java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()));
        event.put("size", a.size());
        try {
            byte[] line = (new String(Json.write(event), java.nio.charset.StandardCharsets.UTF_8) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Files.write(containerDir.resolve(EVENTS), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("pier: warning: cannot record a drift event: " + e.getMessage());
        }
        System.err.println("pier: drift: new executable file " + path + " (not from the image)");
        System.err.flush();
    }

    /** The events recorded for the container in {@code containerDir}, one JSON object a line. */
    static List<String> events(Path containerDir) throws IOException {
        Path f = containerDir.resolve(EVENTS);
        return Files.exists(f) ? Files.readAllLines(f) : new ArrayList<>();
    }

    /** Stops the thread and scans once more what is still reachable (the upper directory). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scan();
    }
}
