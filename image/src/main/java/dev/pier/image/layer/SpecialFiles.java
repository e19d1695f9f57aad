package dev.pier.image.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates device nodes and FIFOs with coreutils' {@code mknod} and {@code mkfifo} and sets their
 * times with {@code touch}: the JDK has no mknod(2), opens files to set their times, and the image
 * module uses no native code. The path given is absolute and its parents
 * were resolved inside the root by the caller, and neither tool follows a symlink in the last
 * component (they fail with EEXIST), so the commands cannot write elsewhere.
 */
final class SpecialFiles {
    private SpecialFiles() {}

    static void mknod(Path path, boolean block, int major, int minor) throws IOException {
        run(List.of("mknod", "-m", "0600", "--", path.toString(), block ? "b" : "c",
                Integer.toUnsignedString(major), Integer.toUnsignedString(minor)));
    }

    static void mkfifo(Path path) throws IOException {
        run(List.of("mkfifo", "-m", "0600", "--", path.toString()));
    }

    /**
     * Sets atime and mtime of a FIFO or device node without opening it (the JDK's setTimes opens
     * the file, which blocks on a FIFO). {@code -h}: never follow a symlink.
     */
    static void touch(Path path, long epochSecond) throws IOException {
        run(List.of("touch", "-c", "-h", "-d", "@" + epochSecond, "--", path.toString()));
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.getFirst() + " interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(command.getFirst() + " failed: " + output);
        }
    }
}
