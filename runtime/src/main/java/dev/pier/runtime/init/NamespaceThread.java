package dev.pier.runtime.init;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;

/**
 * Work on a new platform thread of its own, for a thread that unshares or joins namespaces (or
 * changes its root) for good: the thread ends with the work, and the caller waits for it, at once
 * ({@link #run}) or after work of its own ({@link #start}, {@link Running#join}).
 */
final class NamespaceThread {
    /** The work; what it returns is handed to the caller, what it throws is thrown there. */
    interface Work<T> {
        T run() throws IOException;
    }

    /** Work under way on its thread. */
    static final class Running<T> {
        private final Thread thread;
        private T result;
        private Exception failure;

        private Running(String name, Work<T> work) {
            thread = new Thread(() -> {
                try {
                    result = work.run();
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }, name);
        }

        /** Waits for the work to end; returns what it returned or throws what it threw. */
        T join() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeError("interrupted while " + thread.getName() + " ran", e);
            }
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return result;   // Thread.join orders the thread's writes before this read
        }
    }

    private NamespaceThread() {}

    /** Starts {@code work} on a new thread named {@code name}; the caller must {@link Running#join} it. */
    static <T> Running<T> start(String name, Work<T> work) {
        Running<T> running = new Running<>(name, work);
        running.thread.start();
        return running;
    }

    /** Runs {@code work} on a new thread named {@code name} and returns its result. */
    static <T> T run(String name, Work<T> work) throws IOException {
        return start(name, work).join();
    }
}
