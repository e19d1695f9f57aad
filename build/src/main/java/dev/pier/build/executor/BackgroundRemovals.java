package dev.pier.build.executor;

import dev.pier.image.io.FileTrees;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Removes a build's scratch trees (a RUN's overlay upper directory: one file per file the command
 * wrote) on a background thread while the build goes on compressing and storing, instead of on
 * its critical path, with {@link #UNLINK_THREADS} threads unlinking: removing thousands of
 * written files mostly waits for the device (see {@link FileTrees#delete(Path, java.util.concurrent.Executor)}).
 * {@link #close()} waits for every removal; the threads start at the first one.
 */
final class BackgroundRemovals implements AutoCloseable {
    /** Unlinks in flight at once: they wait for the device, not for the processors. */
    static final int UNLINK_THREADS = 8;
    private final List<Future<?>> pending = new ArrayList<>();
    private ExecutorService thread;
    private ExecutorService unlinks;

    /** Removes {@code dir} and everything under it, later; nothing else may use it any more. */
    synchronized void remove(Path dir) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(BackgroundRemovals::daemon);
            unlinks = Executors.newFixedThreadPool(UNLINK_THREADS, BackgroundRemovals::daemon);
        }
        ExecutorService unlinkers = unlinks;
        pending.add(thread.submit(() -> {
            try {
                FileTrees.delete(dir, unlinkers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "pier-build-removals");
        t.setDaemon(true);
        return t;
    }

    /** Waits for the removals; the first failure is thrown once all have ended. */
    @Override
    public synchronized void close() throws IOException {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        IOException failure = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while removing the build's scratch files");
            } catch (ExecutionException e) {
                IOException cause = e.getCause() instanceof UncheckedIOException u ? u.getCause()
                        : new IOException("removing the build's scratch files failed", e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        unlinks.shutdown();
        pending.clear();
        thread = null;
        unlinks = null;
        if (failure != null) {
            throw failure;
        }
    }
}
