package dev.pier.runtime.engine;

import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.sys.Fanotify;
import dev.pier.runtime.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --drift=alert}: while a container runs, a thread of its supervisor reports, as
 * {@link DriftEvents}, (1) every execution of a file that did not come from the image, seen
 * through fanotify {@code FAN_OPEN_EXEC} marks on the container's root and writable mounts, and
 * (2) new executable files in the places the container can write to ({@link DriftScan}), every
 * {@link #INTERVAL_MS} ms. A file executed from a writable mount (tmpfs, volume) never came from
 * the image; one executed from the root came from the image unless it is in the overlay's upper
 * directory (or, for a copied rootfs, its status changed after the container was created).
 * Nothing is stopped. Limits are in docs/security.md.
 */
final class DriftWatch implements AutoCloseable {
    /** Time between two passes. */
    static final long INTERVAL_MS = 200;
    private static final Set<String> UNWATCHED_TYPES = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue");

    private final Path containerDir;
    private final Path procRoot;
    private final List<String> writableMounts;
    private final FileTime since;
    private final Optional<Fanotify> fanotify;
    private final DriftEvents events;
    private final DriftScan scan;
    private final Thread thread;
    private volatile boolean closed;

    private DriftWatch(Path containerDir, Path procRoot, List<String> writableMounts, Instant since, Optional<Fanotify> fanotify) {
        this.containerDir = containerDir;
        this.procRoot = procRoot;
        this.writableMounts = writableMounts;
        this.since = FileTime.from(since);
        this.fanotify = fanotify;
        this.events = new DriftEvents(containerDir);
        Map<Path, String> roots = new LinkedHashMap<>();
        Path upper = containerDir.resolve("upper");
        roots.put(Files.isDirectory(upper) ? upper : procRoot, "/");
        writableMounts.forEach(m -> roots.put(inRoot(m), m));
        this.scan = new DriftScan(roots, this.since, events);
        this.thread = Thread.ofPlatform().daemon().name("drift-watch").unstarted(this::loop);
    }

    /**
     * Starts watching the container in {@code containerDir}, whose init is {@code pid} and whose
     * mounts are {@code mounts}; call it once the mounts exist and before the container's process
     * starts, so its first execution is seen.
     */
    static DriftWatch start(Path containerDir, int pid, List<Mount> mounts, Instant since) {
        Path procRoot = Path.of("/proc", Integer.toString(pid), "root");
        List<String> writable = new ArrayList<>();
        for (Mount m : mounts) {
            if (!UNWATCHED_TYPES.contains(m.type()) && !m.options().contains("ro")) {
                writable.add(m.destination());
            }
        }
        Optional<Fanotify> fanotify;
        try {
            Fanotify f = Fanotify.open();
            f.watchExecutions(procRoot);
            for (String m : writable) {
                f.watchExecutions(procRoot.resolve(m.substring(1)));
            }
            fanotify = Optional.of(f);
        } catch (SysException e) {
            System.err.println("pier: warning: --drift=alert sees no executions (" + e.getMessage() + "); it still reports new executable files");
            fanotify = Optional.empty();
        }
        DriftWatch watch = new DriftWatch(containerDir, procRoot, List.copyOf(writable), since, fanotify);
        watch.thread.start();
        return watch;
    }

    private Path inRoot(String containerPath) {
        return procRoot.resolve(containerPath.substring(1));
    }

    private void loop() {
        while (!closed) {
            pass();
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void pass() {
        fanotify.ifPresent(f -> f.poll().forEach(this::executed));
        scan.run();
    }

    /** Reports an execution unless its file came from the image. */
    private void executed(Fanotify.Execution e) {
        String path = e.path();
        Optional<String> mount = writableMounts.stream().filter(m -> path.equals(m) || path.startsWith(m + "/"))
                .max(Comparator.comparingInt(String::length));
        // an image file deleted while it runs is rare; a dropped binary deleted after its start is not
        boolean fromImage = mount.isEmpty() && !path.endsWith(" (deleted)") && !changedInRoot(path);
        if (!fromImage) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pid", e.pid());
            details.put("place", mount.orElse("/"));
            events.report("exec:" + path, "exec", path, details);
        }
    }

    /** Whether a file of the root is in the overlay's upper directory (or, copied, changed after creation). */
    private boolean changedInRoot(String path) {
        Path upper = containerDir.resolve("upper");
        try {
            if (Files.isDirectory(upper)) {
                return Files.isRegularFile(upper.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS);
            }
            FileTime ctime = (FileTime) Files.getAttribute(inRoot(path), "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            return ctime.compareTo(since) >= 0;
        } catch (IOException | IllegalArgumentException e) {
            return true;   // gone or unreadable: report rather than stay silent
        }
    }

    /** The events recorded for the container in {@code containerDir}, one JSON object a line. */
    static List<String> events(Path containerDir) throws IOException {
        return DriftEvents.read(containerDir);
    }

    /** Stops the thread, then reports what is still to be seen (queued executions, the upper directory). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pass();
        fanotify.ifPresent(Fanotify::close);
    }
}
