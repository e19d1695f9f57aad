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

    /**
     * The id outside that id 0 inside maps to, by {@code map} (a {@code /proc/PID/uid_map} or
     * {@code gid_map}: lines of inside, outside and count); empty when 0 is not mapped.
     */
    public static java.util.OptionalLong outsideIdOfRoot(java.nio.file.Path map) throws java.io.IOException {
        for (String line : ProcFiles.read(map).lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && Long.parseLong(f[0]) == 0) {
                return java.util.OptionalLong.of(Long.parseLong(f[1]));
            }
        }
        return java.util.OptionalLong.empty();
    }
}
