package dev.pier.runtime.sys;

import java.io.IOException;
import java.nio.file.Path;

/** Facts about the user namespace this process runs in. */
public final class UserNamespace {
    private static volatile Boolean initial;

    private UserNamespace() {}

    /**
     * Whether this process is in the initial user namespace (its uid_map is the identity over the
     * whole range), so root here is root on the host; false inside a rootless user namespace such
     * as {@code pier build} re-executes itself in.
     */
    public static boolean isInitial() {
        Boolean i = initial;
        if (i == null) {
            try {
                String[] f = ProcFiles.read(Path.of("/proc/self/uid_map")).strip().split("\\s+");
                i = f.length == 3 && f[0].equals("0") && f[1].equals("0") && f[2].equals("4294967295");
            } catch (IOException e) {
                i = true;   // no /proc: nothing says otherwise
            }
            initial = i;
        }
        return i;
    }
}
