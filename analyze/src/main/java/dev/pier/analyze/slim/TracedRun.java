package dev.pier.analyze.slim;

import dev.pier.image.PierException;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import dev.pier.runtime.engine.RunRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
final class TracedRun {
    /** How long a probed server may take to answer. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    /** The trace is complete once the probe answered: a server that ignores SIGTERM as pid 1 is not waited for long. */
    private static final int STOP_SECONDS = 2;

    /**
     * The end of a run.
     *
     * @param exitStatus the container's exit status
     * @param probeStatus the probe's HTTP status, when it was answered
     */
    record Outcome(int exitStatus, Optional<Integer> probeStatus) {}

    private TracedRun() {}

    static Outcome run(ContainerEngine engine, RunRequest request, Path traceFile, SlimOptions options) throws InterruptedException {
        AtomicReference<StraceSession> session = new AtomicReference<>();
        AtomicReference<String> container = new AtomicReference<>();
        AtomicReference<PierException> attachError = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread.ofPlatform().name("pier-slim-run").start(() -> {
            try {
                status.complete(engine.run(request, true, (ContainerRecord record, int pid) -> {
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
        if (container.get() != null && options.probe().isPresent()) {
            probed = options.probe().get().await(options.timeout().orElse(PROBE_TIMEOUT), () -> !status.isDone());
            stop(engine, container.get(), status);
        } else if (container.get() != null && options.timeout().isPresent()) {
            try {
                status.get(options.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
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
        return new Outcome(exit, probed);
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
