package dev.pier.runtime.sys;

import dev.pier.image.layer.ProcessIdentity;

/** Facts about the user namespace this process runs in. */
public final class UserNamespace {
    private UserNamespace() {}

    /**
     * Whether this process is in the initial user namespace (its uid_map is the identity over the
     * whole range), so root here is root on the host; false inside a rootless user namespace such
     * as {@code pier build} and {@code pier run} re-execute themselves in.
     */
    public static boolean isInitial() {
        return ProcessIdentity.inInitialUserNamespace();
    }
}
