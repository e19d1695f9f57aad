package dev.pier.build.executor;

import java.util.function.Consumer;

/**
 * Plain progress lines in BuildKit's style: {@code #3 [build 2/5] COPY . /app}, then
 * {@code #3 CACHED} or {@code #3 DONE 0.1s}. Counts what ran and what came from the cache.
 */
final class Progress {
    private final Consumer<String> out;
    private int next = 1;
    private int executed;
    private int cached;

    Progress(Consumer<String> out) {
        this.out = out;
    }

    /** Starts step {@code text} of a stage; returns its number. */
    int start(String stage, int index, int total, String text) {
        int n = next++;
        out.accept("#" + n + " [" + stage + " " + index + "/" + total + "] " + text);
        return n;
    }

    void cached(int n) {
        cached++;
        out.accept("#" + n + " CACHED");
    }

    void done(int n, long startNanos) {
        executed++;
        out.accept("#" + n + " DONE " + String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - startNanos) / 1e9));
    }

    /** Ends a step that made no layer (FROM): not counted as executed. */
    void finished(int n, long startNanos) {
        out.accept("#" + n + " DONE " + String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - startNanos) / 1e9));
    }

    void line(String text) {
        out.accept(text);
    }

    int executed() {
        return executed;
    }

    int cached() {
        return cached;
    }
}
