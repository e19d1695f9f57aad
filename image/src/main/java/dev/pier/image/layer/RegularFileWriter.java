package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the regular files of a layer: each created exclusively (never through anything already
 * at its path), filled from the tar, and given its mtime. Through {@link NativeFiles} where the C
 * library can be called, else through the JDK's file API; both give the same result. One per
 * applier (it reuses a buffer).
 */
final class RegularFileWriter {
    private final Optional<NativeFiles> nativeFiles;
    private final byte[] buffer = new byte[64 * 1024];

    RegularFileWriter() {
        this(NativeFiles.open());
    }

    /** @param nativeFiles the C library's calls, or empty for the JDK's file API */
    RegularFileWriter(Optional<NativeFiles> nativeFiles) {
        this.nativeFiles = nativeFiles;
    }

    /**
     * Creates {@code target} with the permission bits of {@code mode} (less the umask), copies
     * {@code content} to its end into it and sets its mtime (and atime) to {@code mtime}.
     *
     * @return the number of bytes copied
     * @throws FileAlreadyExistsException before reading any content, if something is at target
     * @throws PierException if reading {@code content} fails (a truncated or corrupt tar)
     */
    long write(Path target, int mode, FileTime mtime, InputStream content, String what) throws IOException {
        if (nativeFiles.isPresent()) {
            return writeNative(nativeFiles.get(), target, mode, mtime, content, what);
        }
        long copied;
        // CREATE_NEW with NOFOLLOW: fails rather than write through anything that appeared here.
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(target,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                EntryMetadata.permissions(mode)))) {
            copied = copy(content, what, (buf, n) -> out.write(buf, 0, n));
        }
        EntryMetadata.mtime(target, mtime);
        return copied;
    }

    private long writeNative(NativeFiles files, Path target, int mode, FileTime mtime, InputStream content, String what)
            throws IOException {
        int fd = files.createExclusive(target, mode);
        long copied;
        try {
            copied = copy(content, what, (buf, n) -> files.write(fd, buf, 0, n, target));
            Instant at = mtime.toInstant();
            files.setTimes(fd, at.getEpochSecond(), at.getNano(), target);
        } catch (IOException | RuntimeException e) {
            try {
                files.close(fd, target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        files.close(fd, target);
        return copied;
    }

    private interface Sink {
        void accept(byte[] buf, int n) throws IOException;
    }

    private long copy(InputStream content, String what, Sink sink) throws IOException {
        long copied = 0;
        while (true) {
            int n;
            try {
                n = content.read(buffer);
            } catch (PierException e) {
                throw e;
            } catch (IOException e) {
                throw new PierException(what + ": truncated or corrupt tar: " + e.getMessage(), e);
            }
            if (n < 0) {
                return copied;
            }
            sink.accept(buffer, n);
            copied += n;
        }
    }
}
