package dev.pier.image.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The effective uid and gid of this process, read from {@code /proc/self/status} (the JDK has no
 * API for them, and the image module uses no native code).
 */
public record ProcessIdentity(long uid, long gid) {
    private static final ProcessIdentity CURRENT = read();
    private static final boolean INITIAL_USER_NAMESPACE = readInitialUserNamespace();

    /** The identity of this process, read once. */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /**
     * Whether this process may make device nodes: root in the initial user namespace. Root of
     * another user namespace (rootless Pier) is refused mknod by the kernel.
     */
    public boolean canMakeDevices() {
        return isRoot() && INITIAL_USER_NAMESPACE;
    }

    /**
     * Whether this process is in the initial user namespace: its uid_map is the identity over the
     * whole range (true without /proc, where nothing says otherwise).
     */
    public static boolean inInitialUserNamespace() {
        return INITIAL_USER_NAMESPACE;
    }

    private static boolean readInitialUserNamespace() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/uid_map"));
            return lines.size() == 1 && List.of(lines.getFirst().strip().split("\\s+")).equals(List.of("0", "0", "4294967295"));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static ProcessIdentity read() {
        long uid = -1;
        long gid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                // "Uid:\treal\teffective\tsaved\tfs"
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Without /proc, assume the least privilege: not root.
        }
        return new ProcessIdentity(uid, gid);
    }
}
