package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates small new regular files of a layer on worker threads while the applier goes on reading
 * the tar. Why: unpacking a layer of many small files spends most of its time in the kernel
 * creating them, one after another; two writers keep both cores busy. Files of one directory go
 * to the same worker, in tar order, since the kernel serialises creations in a directory anyway.
 *
 * <p>The applier hands over only files whose whole effect is create, write and set times (no
 * owner, mode bits or xattrs to set afterwards), and calls {@link #drain} before anything that
 * could observe or disturb a pending file: an entry at a pending path or below one, a removal, a
 * whiteout, a hardlink, the end of the layer. A file that turns out to exist already (a lower
 * layer's) comes back from {@link #drain} for the applier to replace, in tar order.
 */
final class FileWritePool implements AutoCloseable {
    /** Larger files are written by the applier itself, straight from the tar. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** How many bytes of content may wait for a worker before the applier waits for them. */
    private static final long MAX_PENDING_BYTES = 32L << 20;

    /** One file to write: where, how and what. */
    record Task(Path target, int mode, FileTime mtime, byte[] content, String what) {}

    private final int workerCount;
    /** Started at the first file handed over: most layers an applier sees in a build are small or cached. */
    private final List<ExecutorService> workers = new ArrayList<>();
    private final ThreadLocal<RegularFileWriter> writers = ThreadLocal.withInitial(RegularFileWriter::new);
    private final List<Future<?>> futures = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final Set<Path> pending = new HashSet<>();
    private long pendingBytes;

    FileWritePool(int workerCount) {
        this.workerCount = workerCount;
    }

    private List<ExecutorService> workers() {
        while (workers.size() < workerCount) {
            workers.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pier-layer-writer");
                t.setDaemon(true);
                return t;
            }));
        }
        return workers;
    }

    /** Whether {@code path} or a directory above it is a file not written yet. */
    boolean isPendingAtOrAbove(Path path) {
        for (Path p = path; p != null && !pending.isEmpty(); p = p.getParent()) {
            if (pending.contains(p)) {
                return true;
            }
        }
        return false;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Queues {@code task}; its target must not be pending already (drain first). Returns the
     * tasks whose files already existed, when the bytes waiting forced a {@link #drain}.
     */
    List<Task> submit(Task task) throws IOException {
        List<Task> existing = pendingBytes + task.content().length > MAX_PENDING_BYTES ? drain() : List.of();
        Path dir = task.target().getParent();
        ExecutorService worker = workers().get(Math.floorMod(dir == null ? 0 : dir.hashCode(), workerCount));
        futures.add(worker.submit(() -> {
            writers.get().write(task.target(), task.mode(), task.mtime(), new ByteArrayInputStream(task.content()), task.what());
            return null;
        }));
        tasks.add(task);
        pending.add(task.target());
        pendingBytes += task.content().length;
        return existing;
    }

    /**
     * Waits for every queued file. Returns, in tar order, the tasks whose target already existed
     * (nothing was written for them); fails with the first other error, after all have finished.
     */
    List<Task> drain() throws IOException {
        List<Task> existing = new ArrayList<>();
        Exception failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof FileAlreadyExistsException) {
                    existing.add(tasks.get(i));
                } else if (failure == null) {
                    failure = cause instanceof IOException || cause instanceof RuntimeException ? (Exception) cause
                            : new PierException(tasks.get(i).what() + ": " + cause.getMessage(), cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PierException("interrupted while writing " + tasks.get(i).what(), e);
            }
        }
        futures.clear();
        tasks.clear();
        pending.clear();
        pendingBytes = 0;
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
        return existing;
    }

    /** Stops the writers once the files queued are written (after a failure, too). */
    @Override
    public void close() {
        for (ExecutorService worker : workers) {
            worker.shutdown();
        }
        for (ExecutorService worker : workers) {
            try {
                worker.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
