package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The regular files of one layer, as {@link LayerApplier} meets them: small ones whose whole
 * effect is create, write and set times go to writer threads ({@link FileWritePool}); the others
 * are written at once, straight from the tar, then given their owner, mode and xattrs. Either way
 * a file is created exclusively, and what is in its way is removed first through the applier.
 */
final class LayerFiles implements AutoCloseable {
    /** Threads creating small files beside the one reading the tar. */
    private static final int WRITERS = 2;

    /** Removes whatever is at a path (a whole tree for a directory), following no symlink. */
    @FunctionalInterface
    interface Remover {
        void remove(Path target) throws IOException;
    }

    private final RegularFileWriter files = new RegularFileWriter();
    private final FileWritePool pool = new FileWritePool(WRITERS);
    private final EntryMetadata metadata;
    private final Remover remover;

    LayerFiles(EntryMetadata metadata, Remover remover) {
        this.metadata = metadata;
        this.remover = remover;
    }

    boolean hasPending() {
        return pool.hasPending();
    }

    /** Whether {@code path} or a directory above it is a file not written yet. */
    boolean isPendingAtOrAbove(Path path) {
        return pool.isPendingAtOrAbove(path);
    }

    /** Writes the file of {@code entry} at {@code target}, reading its content from {@code tar}. */
    void write(InputStream tar, TarArchiveEntry entry, Path target, String rel, String what) throws IOException {
        if (poolable(entry, target)) {
            metadata.owner(target, rel, entry.getLongUserId(), entry.getLongGroupId());   // only notes an owner it cannot apply
            byte[] content = readContent(tar, entry, what);
            replace(pool.submit(new FileWritePool.Task(target, entry.getMode(), entry.getLastModifiedTime(), content, what)));
            return;
        }
        long copied;
        try {
            // Most paths are new: try to create first, and look at what is there only when that fails.
            copied = files.write(target, entry.getMode(), entry.getLastModifiedTime(), tar, what);
        } catch (FileAlreadyExistsException e) {
            remover.remove(target);
            copied = files.write(target, entry.getMode(), entry.getLastModifiedTime(), tar, what);
        }
        if (copied != entry.getSize()) {
            throw new PierException(what + ": truncated tar (" + copied + " of " + entry.getSize() + " bytes)");
        }
        // lchown and chmod leave the mtime alone: it was set while the file was open.
        boolean chowned = metadata.owner(target, rel, entry.getLongUserId(), entry.getLongGroupId());
        if (chowned || !EntryMetadata.createdWith(entry.getMode())) {
            EntryMetadata.mode(target, entry.getMode());
        }
        metadata.xattrs(target, rel, entry.getExtraPaxHeaders(), false);
    }

    /** Waits for the writer threads, then replaces, in tar order, what their files found in the way. */
    void settle() throws IOException {
        replace(pool.drain());
    }

    /** Stops the writers once what they were given is written. */
    @Override
    public void close() {
        pool.close();
    }

    /** A small file whose whole effect is create, write and times: one a writer thread can make. */
    private boolean poolable(TarArchiveEntry entry, Path target) throws IOException {
        return entry.getSize() <= FileWritePool.MAX_FILE_BYTES
                && EntryMetadata.createdWith(entry.getMode())
                && entry.getExtraPaxHeaders().keySet().stream().noneMatch(k -> k.startsWith(EntryMetadata.XATTR_PAX_PREFIX))
                && metadata.ownerNeedsNoCall(target, entry.getLongUserId(), entry.getLongGroupId());
    }

    private static byte[] readContent(InputStream tar, TarArchiveEntry entry, String what) throws IOException {
        byte[] content;
        try {
            content = tar.readNBytes((int) entry.getSize());
        } catch (PierException e) {
            throw e;
        } catch (IOException e) {
            throw new PierException(what + ": truncated or corrupt tar: " + e.getMessage(), e);
        }
        if (content.length != entry.getSize()) {
            throw new PierException(what + ": truncated tar (" + content.length + " of " + entry.getSize() + " bytes)");
        }
        return content;
    }

    private void replace(List<FileWritePool.Task> blocked) throws IOException {
        for (FileWritePool.Task t : blocked) {
            remover.remove(t.target());
            files.write(t.target(), t.mode(), t.mtime(), new ByteArrayInputStream(t.content()), t.what());
        }
    }
}
