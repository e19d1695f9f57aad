package dev.pier.runtime.container;

/**
 * Starts a created container and waits for it, as {@code pier-runc run} does: the exit status of
 * its process (128 + the signal when a signal killed it), corrected for util-linux's unshare,
 * which exits 1 when its child died of SIGKILL.
 *
 * @param containers the runtime root the container was created under
 */
public record Runner(Containers containers) {
    /**
     * How a container ended.
     *
     * @param status the exit status (128 + signal number for a killed process)
     * @param oomKilled whether the OOM killer killed a process of the container
     */
    public record Exit(int status, boolean oomKilled) {}

    /** Starts container {@code id}; deletes it when the start fails. */
    public void start(String id) {
        try {
            containers.start(id);
        } catch (RuntimeException e) {
            containers.delete(id, true);
            throw e;
        }
    }

    /** Waits for the started container {@code created} to exit, then deletes it unless {@code keep}. */
    public Exit waitFor(String id, Creator.Created created, boolean keep) throws InterruptedException {
        int status = created.launcher().waitFor();
        long oom = containers.oomKills(created.info());   // what create recorded: no second read of state.json
        if (status == 1 && (oom > 0 || containers.wasKilled(id))) {
            // unshare(1) of util-linux 2.38 cannot re-raise SIGKILL on itself ("sigprocmask unblock failed")
            // and exits 1 instead: the container died of SIGKILL (the OOM killer, or pier-runc kill)
            status = 128 + 9;
        }
        if (!keep) {
            containers.delete(created.info(), true);
        }
        return new Exit(status, oom > 0);
    }

    /** {@link #start(String)} then {@link #waitFor}. */
    public Exit run(String id, Creator.Created created, boolean keep) throws InterruptedException {
        start(id);
        return waitFor(id, created, keep);
    }
}
