package dev.pier.runtime.engine;

/**
 * Called by {@link ContainerEngine#run(RunRequest, boolean, StartHook)} between creating a
 * container and starting it: the init is waiting on {@code exec.fifo}, its root filesystem is
 * already pivoted, and nothing of the container's program has run yet. {@code pier slim} attaches
 * its tracer here.
 */
@FunctionalInterface
public interface StartHook {
    /** No hook. */
    StartHook NONE = (container, initPid) -> { };

    /**
     * Runs before the container starts; a {@link dev.pier.runtime.RuntimeError} thrown here
     * deletes the container without starting it, and the run returns 125.
     *
     * @param container the container's record (status {@code created})
     * @param initPid the host pid of the container's init, which becomes the container's process
     */
    void beforeStart(ContainerRecord container, int initPid);
}
