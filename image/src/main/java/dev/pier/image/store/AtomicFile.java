package dev.pier.image.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that readers see the old content or the new, never a part: a temporary file in
 * the same directory, flushed to disk, then renamed over the target.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** The content producer; it may throw, in which case nothing becomes visible. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, new BytesContent(bytes));
    }

    /** Bytes already in memory: written to the channel directly, without the stream buffer. */
    private record BytesContent(byte[] bytes) implements Content {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }

    /** Atomically replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = tempSibling(target);
        try {
            writeSynced(tmp, content);
            moveAtomically(tmp, target);
            syncDirectory(target.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code target} with {@code bytes} unless it exists, atomically: the complete file
     * appears under its name or nothing changes. Unlike {@link #write}, an existing file (and a
     * lock another process holds on it) is never replaced. Returns whether this call created it.
     */
    public static boolean writeIfAbsent(Path target, byte[] bytes) throws IOException {
        Path tmp = tempSibling(target);
        try {
            writeSynced(tmp, new BytesContent(bytes));
            Files.createLink(target, tmp);
            syncDirectory(target.toAbsolutePath().getParent());
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A fresh temporary name beside {@code target}, hidden by its leading dot: the process id and
     * 64 random bits. Not {@link UUID#randomUUID()}: its SecureRandom costs a fresh JVM about 5 ms
     * to seed, and the name needs no secrecy, since the file is created with {@code O_EXCL}
     * ({@link #writeSynced}), which neither follows a planted link nor opens an existing file.
     */
    public static Path tempSibling(Path target) {
        return target.resolveSibling(".tmp-" + target.getFileName() + "-" + PID + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
    }

    private static final long PID = ProcessHandle.current().pid();

    static void writeSynced(Path tmp, Content content) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (content instanceof BytesContent(byte[] bytes)) {
                for (var buffer = java.nio.ByteBuffer.wrap(bytes); buffer.hasRemaining(); ) {
                    ch.write(buffer);
                }
                ch.force(true);
                return;
            }
            var buffered = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20) {
                @Override
                public void close() throws IOException {
                    flush(); // the channel is closed by the try block, after force (BlobStore.write relies on it)
                }
            };
            content.writeTo(buffered);
            buffered.flush();
            ch.force(true);
        }
    }

    /** Content written to the file's channel itself, from buffers of the writer's own (direct ones: no copy on the way). */
    @FunctionalInterface
    public interface ChannelContent {
        void writeTo(FileChannel file) throws IOException;
    }

    /** As {@link #writeSynced(Path, Content)}, for content that writes the channel. */
    static void writeChannelSynced(Path tmp, ChannelContent content) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            content.writeTo(ch);
            ch.force(true);
        }
    }

    /** Renames {@code from} to {@code to}, replacing it, in one step. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically onto " + to + ": " + e.getMessage(), e);
        }
    }

    /** Makes a rename durable by flushing the directory that holds it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the rename itself is still atomic.
        } catch (UncheckedIOException e) {
            // as above
        }
    }
}
