package dev.pier.build.run;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fallback where overlayfs is not available: a copy of the stage's root ({@code cp -a}, so
 * owners, modes, times, hardlinks and special files stay) that the RUN changes, compared with
 * the original afterwards ({@link TreeDiff}).
 */
final class CopyRoot implements WritableRoot {
    private final Path original;
    private final Path copy;

    private CopyRoot(Path original, Path dir) {
        this.original = original;
        this.copy = dir.resolve("rootfs");
    }

    /** Copies {@code rootfs} into a new directory under {@code work}. */
    static CopyRoot of(Path rootfs, Path work) throws IOException {
        CopyRoot r = new CopyRoot(rootfs, Files.createTempDirectory(work, "copy-"));
        copy(rootfs + "/.", r.copy, "the stage's root");
        return r;
    }

    /**
     * {@code cp -a --reflink=auto from to}: owners, modes, times, links and special files kept,
     * blocks shared where the file system can; {@code what} names it in an error.
     */
    static void copy(String from, Path to, String what) throws IOException {
        Process p = new ProcessBuilder("cp", "-a", "--reflink=auto", from, to.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new PierException("cannot copy " + what + " for RUN: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PierException("interrupted while copying " + what);
        }
    }

    @Override
    public Path path() {
        return copy;
    }

    @Override
    public List<Change> changes() throws IOException {
        return TreeDiff.between(original, copy);
    }

    @Override
    public void close() {
        // nothing mounted; the copy is removed with the RUN's scratch directory
    }
}
