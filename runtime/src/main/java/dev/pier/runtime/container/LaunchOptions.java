package dev.pier.runtime.container;

import java.util.List;

/**
 * How {@code create} asked for the container's init, written to {@code init.json} for it.
 *
 * @param noPivot use chroot instead of pivot_root
 * @param preserveFds how many file descriptors after stderr the process keeps
 * @param consoleSocket the unix socket the terminal's master is sent to, or null
 * @param userNamespace whether the init runs in a new user namespace (device nodes are then bind-mounted)
 * @param cgroupProcsFds descriptors the init inherits, open for writing on the {@code cgroup.procs}
 *     of the container's cgroups (opened by create, which may write there where the init in a
 *     user namespace may not); empty when the init opens them itself
 */
public record LaunchOptions(boolean noPivot, int preserveFds, String consoleSocket, boolean userNamespace, List<Integer> cgroupProcsFds) {
    public LaunchOptions {
        cgroupProcsFds = cgroupProcsFds == null ? List.of() : List.copyOf(cgroupProcsFds);
    }

    /** Options whose init opens the cgroups itself. */
    public LaunchOptions(boolean noPivot, int preserveFds, String consoleSocket, boolean userNamespace) {
        this(noPivot, preserveFds, consoleSocket, userNamespace, List.of());
    }
}
