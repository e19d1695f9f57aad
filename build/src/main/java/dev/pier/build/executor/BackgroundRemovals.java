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
 * wrote) on one background thread while the build goes on compressing and storing, instead of
 * on its critical path. Unlinking thousands of just-written files mostly waits for the file
 * system. {@link #close()} waits for every removal; the thread starts at the first one.
 */
final class BackgroundRemovals implements AutoCloseable {
    private final List<Future<?>> pending = new ArrayList<>();
    private ExecutorService thread;

    /** Removes {@code dir} and everything under it, later; nothing else may use it any more. */
    synchronized void remove(Path dir) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pier-build-removals");
                t.setDaemon(true);
                return t;
            });
        }
        pending.add(thread.submit(() -> {
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
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
        pending.clear();
        thread = null;
        if (failure != null) {
            throw failure;
        }
    }
}
