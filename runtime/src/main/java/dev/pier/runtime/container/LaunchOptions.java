package dev.pier.runtime.container;

/**
 * How {@code create} asked for the container's init, written to {@code init.json} for it.
 *
 * @param noPivot use chroot instead of pivot_root
 * @param preserveFds how many file descriptors after stderr the process keeps
 * @param consoleSocket the unix socket the terminal's master is sent to, or null
 * @param userNamespace whether the init runs in a new user namespace (device nodes are then bind-mounted)
 */
public record LaunchOptions(boolean noPivot, int preserveFds, String consoleSocket, boolean userNamespace) {}
