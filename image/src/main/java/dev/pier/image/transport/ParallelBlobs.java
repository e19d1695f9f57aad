package dev.pier.image.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs one task per blob on a thread of its own, at most {@code parallelism} at a time, and returns
 * the results in input order. The first failure cancels the rest and is rethrown as it was.
 *
 * <p>Platform threads, not virtual ones: a virtual thread's socket I/O starts the JDK's poller
 * threads, which then wait in {@code epoll_wait} for the rest of the process, and a JVM that exits
 * while a thread is in native code waits 300 ms for it (HotSpot's {@code VM_Exit}); every push and
 * pull paid that at its end. A blob task is I/O-bound and there are a handful of them: a platform
 * thread each costs nothing noticeable.
 */
final class ParallelBlobs {
    private final int parallelism;

    /** A task that may fail with an I/O error. */
    @FunctionalInterface
    interface Task<T, R> {
        R apply(int index, T item) throws IOException;
    }

    ParallelBlobs(int parallelism) {
        this.parallelism = parallelism;
    }

    <T, R> List<R> map(List<T> items, Task<T, R> task) throws IOException {
        if (items.size() <= 1 || parallelism == 1) {
            List<R> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(task.apply(i, items.get(i)));
            }
            return out;
        }
        Semaphore permits = new Semaphore(parallelism);
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("blob-", 0).factory())) {
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return task.apply(index, items.get(index));
                    } finally {
                        permits.release();
                    }
                }));
            }
            return collect(futures);
        }
    }

    private static <R> List<R> collect(List<Future<R>> futures) throws IOException {
        List<R> out = new ArrayList<>();
        try {
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw rethrow(e.getCause());
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }
}
