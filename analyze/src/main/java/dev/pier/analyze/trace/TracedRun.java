package dev.pier.analyze.trace;

import dev.pier.image.PierException;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import dev.pier.runtime.engine.RunRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a container under strace: the engine creates it, strace attaches to the waiting init
 * (see {@link dev.pier.runtime.engine.StartHook}), the engine starts it. The run ends when the
 * program exits, or — with a probe or a timeout — when Pier stops it.
 */
public final class TracedRun {
    /** How long a probed server may take to answer. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    /** The trace is complete once the probe answered: a server that ignores SIGTERM as pid 1 is not waited for long. */
    private static final int STOP_SECONDS = 2;

    /**
     * When Pier ends the run; with neither, the run ends when the program exits.
     *
     * @param probe an HTTP GET to send once the server listens; the container is stopped after it
     * @param timeout stop the container after this long (with a probe: how long to wait for its answer)
     */
    public record Stop(Optional<HttpProbe> probe, Optional<Duration> timeout) {
        /** Wait for the program to exit. */
        public static final Stop AT_EXIT = new Stop(Optional.empty(), Optional.empty());
    }

    /**
     * The end of a run.
     *
     * @param exitStatus the container's exit status
     * @param probeStatus the probe's HTTP status, when it was answered
     * @param trace the program's calls, as {@link TraceReader} read them (never empty)
     */
    public record Outcome(int exitStatus, Optional<Integer> probeStatus, TraceReader.Trace trace) {}

    private TracedRun() {}

    /** Fails with one line saying what to install when {@code strace} is missing; {@code command} is who needs it. */
    public static void requireStrace(String command) {
        StraceSession.requireStrace(command);
    }

    /**
     * Runs {@code request} in {@code engine} under strace, writing the trace to {@code traceFile},
     * and reads it. The container's output is this process's, as for {@code pier run}.
     *
     * @throws PierException when strace cannot attach or the program never started
     */
    public static Outcome run(ContainerEngine engine, RunRequest request, boolean autoRemove, Path traceFile, Stop stop)
            throws IOException, InterruptedException {
        Outcome outcome = runTraced(engine, request, autoRemove, traceFile, stop);
        if (outcome.trace().calls().isEmpty()) {
            throw new PierException("the traced program never started (exit status " + outcome.exitStatus() + ")");
        }
        return outcome;
    }

    private static Outcome runTraced(ContainerEngine engine, RunRequest request, boolean autoRemove, Path traceFile, Stop ending)
            throws IOException, InterruptedException {
        AtomicReference<StraceSession> session = new AtomicReference<>();
        AtomicReference<String> container = new AtomicReference<>();
        AtomicReference<PierException> attachError = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread.ofPlatform().name("pier-traced-run").start(() -> {
            try {
                status.complete(engine.run(request, autoRemove, (ContainerRecord record, int pid) -> {
                    try {
                        session.set(StraceSession.attach(pid, traceFile));
                    } catch (PierException e) {
                        attachError.set(e);
                        throw new RuntimeError(e.getMessage(), e);
                    }
                    container.set(record.id());
                    started.countDown();
                }));
            } catch (Throwable t) {
                status.completeExceptionally(t);
            } finally {
                started.countDown();
            }
        });
        started.await();
        Optional<Integer> probed = Optional.empty();
        if (container.get() != null && ending.probe().isPresent()) {
            probed = ending.probe().get().await(ending.timeout().orElse(PROBE_TIMEOUT), () -> !status.isDone());
            stop(engine, container.get(), status);
        } else if (container.get() != null && ending.timeout().isPresent()) {
            try {
                status.get(ending.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                stop(engine, container.get(), status);
            } catch (ExecutionException e) {
                // reported by exitStatus below
            }
        }
        int exit = exitStatus(status);
        if (attachError.get() != null) {
            throw attachError.get();
        }
        if (session.get() != null) {
            session.get().awaitEnd(60);
        }
        TraceReader.Trace trace = Files.exists(traceFile) ? TraceReader.read(traceFile) : new TraceReader.Trace(List.of(), Set.of());
        return new Outcome(exit, probed, trace);
    }

    /** Stops the container once the engine has recorded it running (start and the record follow the hook). */
    private static void stop(ContainerEngine engine, String id, CompletableFuture<Integer> status) throws InterruptedException {
        for (int i = 0; i < 1000 && !status.isDone(); i++) {
            try {
                if (engine.containers().find(id).status().equals("running")) {
                    engine.control().stop(id, STOP_SECONDS);
                    return;
                }
            } catch (PierException e) {
                return;   // already removed
            }
            Thread.sleep(10);
        }
    }

    private static int exitStatus(CompletableFuture<Integer> status) throws InterruptedException {
        try {
            return status.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PierException("the traced run failed: " + e.getCause(), e.getCause());
        }
    }
}
