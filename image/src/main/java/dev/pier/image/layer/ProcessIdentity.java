package dev.pier.image.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective uid and gid of this process, read from {@code /proc/self/status} (the JDK has no
 * API for them, and the image module uses no native code).
 */
public record ProcessIdentity(long uid, long gid) {
    private static final ProcessIdentity CURRENT = read();

    /** The identity of this process, read once. */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    public boolean isRoot() {
        return uid == 0;
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
