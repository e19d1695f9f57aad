package dev.pier.build.executor;

import dev.pier.image.io.FileTrees;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Removes a build's scratch trees (a RUN's overlay upper directory: one file per file the command
 * wrote) on a background thread while the build goes on compressing and storing, instead of on
 * its critical path, with {@link #UNLINK_THREADS} threads unlinking: removing thousands of
 * written files mostly waits for the device (see {@link FileTrees#delete(Path, java.util.concurrent.Executor)}).
 * Trees are removed one after the other, in the order given. {@link #close()} waits for every
 * removal; the threads start at the first one.
 */
final class BackgroundRemovals implements AutoCloseable {
    /** Unlinks in flight at once: they wait for the device, not for the processors. */
    static final int UNLINK_THREADS = 8;
    private ExecutorService thread;
    private ExecutorService unlinks;
    /** The first removal that failed, later ones suppressed in it. */
    private IOException failure;

    /** Removes {@code dir} and everything under it, later; nothing else may use it any more. */
    synchronized void remove(Path dir) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(BackgroundRemovals::daemon);
            unlinks = Executors.newFixedThreadPool(UNLINK_THREADS, BackgroundRemovals::daemon);
        }
        ExecutorService unlinkers = unlinks;
        thread.execute(() -> {
            try {
                FileTrees.delete(dir, unlinkers);
            } catch (IOException | RuntimeException e) {
                failed(e instanceof IOException io ? io : new IOException("removing " + dir + " failed", e));
            }
        });
    }

    private synchronized void failed(IOException e) {
        if (failure == null) {
            failure = e;
        } else {
            failure.addSuppressed(e);
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "pier-build-removals");
        t.setDaemon(true);
        return t;
    }

    /** Waits for the removals; the first failure is thrown once all have ended. */
    @Override
    public void close() throws IOException {
        ExecutorService t;
        ExecutorService u;
        synchronized (this) {
            t = thread;
            u = unlinks;
            thread = null;
            unlinks = null;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            while (!t.awaitTermination(1, TimeUnit.MINUTES)) {
                // a tree of many files on a slow disk: keep waiting, the build's scratch must go
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while removing the build's scratch files");
        } finally {
            u.shutdown();
        }
        synchronized (this) {
            IOException f = failure;
            failure = null;
            if (f != null) {
                throw f;
            }
        }
    }
}
