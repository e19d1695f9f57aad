package dev.pier.image.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The process's umask, found once by creating a file asking for every permission bit and seeing
 * which ones the kernel removed (the JDK cannot read the umask without changing it).
 */
final class ProcessUmask {
    /** The umask bits; 0777 (assume everything masked, so every mode gets a chmod) if unknown. */
    static final int VALUE = read();

    private ProcessUmask() {}

    private static int read() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pier-umask-");
            Path probe = Files.createFile(dir.resolve("probe"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
            int mode = (Integer) Files.getAttribute(probe, "unix:mode") & 0777;
            Files.delete(probe);
            return ~mode & 0777;
        } catch (IOException | RuntimeException e) {
            return 0777;
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a leftover empty temp directory is harmless
                }
            }
        }
    }
}
