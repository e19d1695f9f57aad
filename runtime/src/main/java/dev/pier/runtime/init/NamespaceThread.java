package dev.pier.runtime.init;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;

/**
 * Work on a new platform thread of its own, for a thread that unshares or joins namespaces (or
 * changes its root) for good: the thread ends with the work, and the caller waits for it.
 */
final class NamespaceThread {
    /** The work; what it returns is handed to the caller, what it throws is thrown there. */
    interface Work<T> {
        T run() throws IOException;
    }

    private NamespaceThread() {}

    /** Runs {@code work} on a new thread named {@code name} and returns its result. */
    static <T> T run(String name, Work<T> work) throws IOException {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = work.run();
            } catch (IOException | RuntimeException e) {
                failure[0] = e;
            }
        }, name);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted while " + name + " ran", e);
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
