package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.UserNamespace;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rootless engine (root of a user namespace that is not the host's, as {@code pier run}
 * re-executes itself in for a user) cannot give, refused in one line before anything is prepared
 * rather than silently ignored: cgroup limits ({@code --memory}, {@code --cpus},
 * {@code --pids-limit}), since the user has no delegated cgroup here (podman on cgroup v1 cannot
 * apply them either), and the bridge network, whose CNI plugins need root on the host.
 */
final class RootlessLimits {
    private RootlessLimits() {}

    /** Whether this process is rootless: root, if at all, only of a user namespace of its own. */
    static boolean rootless() {
        return !UserNamespace.isInitial();
    }

    /** Refuses what {@code request} asks that a rootless engine cannot do; nothing when not rootless. */
    static void check(RunRequest request) {
        if (!rootless()) {
            return;
        }
        List<String> limits = new ArrayList<>();
        RunRequest.Limits l = request.limits();
        if (l.memory() != null) {
            limits.add("--memory");
        }
        if (l.cpus() != null) {
            limits.add("--cpus");
        }
        if (l.pids() != null) {
            limits.add("--pids-limit");
        }
        if (!limits.isEmpty()) {
            throw new RuntimeError(String.join(", ", limits) + (limits.size() == 1 ? " needs" : " need")
                    + " a cgroup, and a rootless user has none delegated here: run as root, or without "
                    + (limits.size() == 1 ? "it" : "them"));
        }
        if (request.network().equals("bridge")) {
            throw new RuntimeError("--network bridge needs root (its CNI plugins change the host's network): rootless, use "
                    + "--network slirp4netns (the default), none or host");
        }
    }
}
