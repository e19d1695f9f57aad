package dev.pier.image.layer;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestingOutputStream;
import dev.pier.image.spec.Descriptor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one layer tar in one pass: entries go through a digest of the uncompressed tar (the
 * diff_id), the compressor, and a digest of the compressed bytes (the blob digest) into the sink.
 *
 * <p>The tar is PAX (POSIX.1-2001): names longer than 100 bytes, big numbers and xattrs
 * ({@code SCHILY.xattr.<name>}) go into PAX records. Names are relative, without {@code ./} or a
 * leading {@code /}; directories end with {@code /}. uname and gname are empty, so only numeric
 * ownership travels, as in docker's layers. With {@link LayerOptions#reproducible()} the same
 * entries give byte-identical output.
 *
 * <p>The writer does not close the sink; {@link #finish()} flushes it. Not thread-safe.
 */
public final class LayerWriter implements AutoCloseable {
    private final Compression compression;
    private final LayerOptions options;
    private final DigestingOutputStream compressedDigest;
    private final DigestingOutputStream uncompressedDigest;
    private final OutputStream belowTar;
    private final TarArchiveOutputStream tar;
    private final Map<HostTreeWalker.FileKey, String> hardlinkTargets = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private WrittenLayer result;
    private boolean closed;
    /** File contents pass through it; made at the first file, so a layer of many small files zeroes 64 KiB once. */
    private byte[] copyBuffer;

    private LayerWriter(DigestingOutputStream compressedDigest, Compression compression, LayerOptions options) throws IOException {
        this.compression = compression;
        this.options = options;
        this.compressedDigest = compressedDigest;
        // Closing the chain below the tar ends the gzip member or zstd frame, never the sink.
        OutputStream kept = new NonClosingOutputStream(compressedDigest);
        // Without compression both digests would hash the same bytes: hash once.
        this.uncompressedDigest = compression == Compression.NONE
                ? compressedDigest
                : new DigestingOutputStream(compression.compress(kept, options.compressionLevel()));
        this.belowTar = new BufferedOutputStream(compression == Compression.NONE ? kept : uncompressedDigest, 64 * 1024);
        this.tar = new TarArchiveOutputStream(belowTar, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Starts a layer written to {@code sink} with the given compression and options. */
    public static LayerWriter open(OutputStream sink, Compression compression, LayerOptions options) throws IOException {
        return new LayerWriter(new DigestingOutputStream(sink), compression, options);
    }

    /**
     * As {@link #open(OutputStream, Compression, LayerOptions)}, on a sink that hashes (SHA-256)
     * what it is given, such as the stream of {@link dev.pier.image.store.BlobStore#write}: its
     * digest is the blob's, so the compressed bytes are hashed once. Nothing else may write to it.
     */
    public static LayerWriter open(DigestingOutputStream hashingSink, Compression compression, LayerOptions options) throws IOException {
        return new LayerWriter(hashingSink, compression, options);
    }

    /**
     * Adds everything under {@code dir} (not {@code dir} itself) at the root of the layer. See
     * {@link #addTree(Path, String)}.
     */
    public LayerWriter addTree(Path dir) throws IOException {
        return addTree(dir, "");
    }

    /**
     * Adds everything under {@code dir} (not {@code dir} itself) below {@code prefix} in the layer
     * ({@code ""} for the root). Entries come in depth-first order, the children of each directory
     * sorted by the bytes of their names, so the order does not depend on the file system.
     * Symlinks are stored, never followed. Mode, uid and gid come from the {@code unix:} attributes.
     * A file with several links seen earlier in this writer (same device and inode) becomes a
     * hardlink entry to the first path written. Sockets are skipped with a warning. The caller
     * adds {@code prefix}'s own directory entries if it wants them.
     */
    public LayerWriter addTree(Path dir, String prefix) throws IOException {
        List<String> base = prefix.isEmpty() ? List.of() : TarPaths.components(prefix, "prefix " + TarPaths.quote(prefix));
        new HostTreeWalker(this, options.includeXattrs()).walk(dir, base);
        return this;
    }

    /** Adds a regular file of {@code size} bytes read from {@code content} (which is not closed). */
    public LayerWriter addFile(String path, EntryAttributes attrs, long size, InputStream content) throws IOException {
        put(path, EntryType.FILE, attrs, size, null, 0, 0, content);
        return this;
    }

    public LayerWriter addDirectory(String path, EntryAttributes attrs) throws IOException {
        put(path, EntryType.DIRECTORY, attrs, 0, null, 0, 0, null);
        return this;
    }

    /** Adds a symlink; {@code target} is stored as given (it may be absolute or relative). */
    public LayerWriter addSymlink(String path, String target, EntryAttributes attrs) throws IOException {
        put(path, EntryType.SYMLINK, attrs, 0, target, 0, 0, null);
        return this;
    }

    /** Adds a hardlink to {@code target}, the path of an entry already in this layer. */
    public LayerWriter addHardlink(String path, String target, EntryAttributes attrs) throws IOException {
        String cleanTarget = TarPaths.join(TarPaths.components(target, "hardlink target " + TarPaths.quote(target)));
        put(path, EntryType.HARDLINK, attrs, 0, cleanTarget, 0, 0, null);
        return this;
    }

    /** Adds a character or block device node. */
    public LayerWriter addDevice(String path, EntryType type, int major, int minor, EntryAttributes attrs) throws IOException {
        if (type != EntryType.CHAR_DEVICE && type != EntryType.BLOCK_DEVICE) {
            throw new IllegalArgumentException("not a device type: " + type);
        }
        put(path, type, attrs, 0, null, major, minor, null);
        return this;
    }

    public LayerWriter addFifo(String path, EntryAttributes attrs) throws IOException {
        put(path, EntryType.FIFO, attrs, 0, null, 0, 0, null);
        return this;
    }

    /** Adds a whiteout ({@code dir/.wh.name}) that removes {@code path} of lower layers. */
    public LayerWriter addWhiteout(String path, EntryAttributes attrs) throws IOException {
        String clean = TarPaths.join(TarPaths.components(path, "whiteout " + TarPaths.quote(path)));
        return addFile(Whiteout.whiteoutFor(clean), attrs, 0, InputStream.nullInputStream());
    }

    /** Adds an opaque marker that hides what lower layers put in directory {@code dir}. */
    public LayerWriter addOpaque(String dir, EntryAttributes attrs) throws IOException {
        String clean = dir.isEmpty() ? "" : TarPaths.join(TarPaths.components(dir, "directory " + TarPaths.quote(dir)));
        return addFile(Whiteout.opaqueFor(clean), attrs, 0, InputStream.nullInputStream());
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    /** The first tar name written for a multiply-linked host file, remembering {@code name} if it is the first. */
    String firstLinkOf(HostTreeWalker.FileKey key, String name) {
        return hardlinkTargets.putIfAbsent(key, name);
    }

    void put(String path, EntryType type, EntryAttributes attrs, long size, String link, int major, int minor,
             InputStream content) throws IOException {
        if (result != null || closed) {
            throw new IllegalStateException("layer already finished");
        }
        String what = "entry " + TarPaths.quote(path);
        List<String> components = TarPaths.components(path, what);
        if (components.isEmpty()) {
            throw new PierException(what + ": the layer root itself cannot be an entry");
        }
        if (link != null && link.indexOf('\0') >= 0) {
            throw new PierException(what + ": link target contains a NUL character");
        }
        String name = TarPaths.join(components) + (type == EntryType.DIRECTORY ? "/" : "");
        TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag(type));
        entry.setMode(attrs.mode());
        entry.setUserId(options.uid().orElse(attrs.uid()));
        entry.setGroupId(options.gid().orElse(attrs.gid()));
        // TarArchiveEntry defaults uname to the JVM's user.name: only numeric ids belong in a layer.
        entry.setUserName("");
        entry.setGroupName("");
        Instant mtime = options.timestamp() != null ? options.timestamp() : attrs.mtime();
        entry.setModTime(FileTime.from(mtime.getEpochSecond(), java.util.concurrent.TimeUnit.SECONDS));
        entry.setSize(type == EntryType.FILE ? size : 0);
        if (link != null) {
            entry.setLinkName(link);
        }
        if (type == EntryType.CHAR_DEVICE || type == EntryType.BLOCK_DEVICE) {
            entry.setDevMajor(major);
            entry.setDevMinor(minor);
        }
        attrs.xattrs().forEach((k, v) -> entry.addPaxHeader("SCHILY.xattr." + k, v));
        tar.putArchiveEntry(entry);
        if (type == EntryType.FILE && size > 0) {
            copyExactly(content, size, what);
        }
        tar.closeArchiveEntry();
    }

    private void copyExactly(InputStream content, long size, String what) throws IOException {
        if (copyBuffer == null) {
            copyBuffer = new byte[64 * 1024];
        }
        byte[] buf = copyBuffer;
        long left = size;
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new PierException(what + ": content ended after " + (size - left) + " of " + size
                        + " bytes (did the file change while it was read?)");
            }
            tar.write(buf, 0, n);
            left -= n;
        }
    }

    private static byte linkFlag(EntryType type) {
        return switch (type) {
            case FILE -> TarConstants.LF_NORMAL;
            case DIRECTORY -> TarConstants.LF_DIR;
            case SYMLINK -> TarConstants.LF_SYMLINK;
            case HARDLINK -> TarConstants.LF_LINK;
            case CHAR_DEVICE -> TarConstants.LF_CHR;
            case BLOCK_DEVICE -> TarConstants.LF_BLK;
            case FIFO -> TarConstants.LF_FIFO;
        };
    }

    /**
     * Ends the tar, finishes the compressed stream, flushes the sink (without closing it) and
     * returns the blob's descriptor and the diff_id. Calling it again returns the same result.
     */
    public WrittenLayer finish() throws IOException {
        if (result != null) {
            return result;
        }
        if (closed) {
            throw new IllegalStateException("layer writer closed without finish()");
        }
        tar.finish();
        // Closing the chain ends the gzip member / zstd frame; NonClosingOutputStream spares the sink.
        tar.close();
        closed = true;
        Digest diffId = uncompressedDigest.digest();
        long uncompressedSize = uncompressedDigest.count();
        Digest digest = compression == Compression.NONE ? diffId : compressedDigest.digest();
        result = new WrittenLayer(Descriptor.of(compression.ociMediaType(), digest, compressedDigest.count()),
                diffId, uncompressedSize, warnings);
        return result;
    }

    /**
     * Releases the compressor; after {@link #finish()} it does nothing. Without finish() (after a
     * failure) what reached the sink is an unusable partial blob. The sink stays open.
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                tar.close();
            } catch (IOException e) {
                // An entry was left half written: the tar cannot be ended, only released.
                belowTar.close();
            }
        }
    }
}
