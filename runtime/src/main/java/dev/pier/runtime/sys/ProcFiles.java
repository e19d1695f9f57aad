package dev.pier.runtime.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads files of /proc, /sys and cgroupfs. Their size is reported as 0 or 4096, and
 * {@code Files.readString} trusts the size (it read "4" of "40" from cap_last_cap here); a stream
 * read to the end does not.
 */
public final class ProcFiles {
    private ProcFiles() {}

    /** The whole content of {@code file}. */
    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
