package dev.pier.build.executor;

import dev.pier.build.context.FileHashes;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestingOutputStream;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryType;
import dev.pier.image.layer.ExtractOptions;
import dev.pier.image.layer.LayerApplier;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.store.BlobStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Writes planned entries as one reproducible gzip layer into the store, and applies layers to a stage's root. */
final class LayerMaker {
    private final BlobStore blobs;
    private final FileHashes hashes;
    private final Instant timestamp;

    /**
     * @param hashes the SHA-256 of copied files, remembered across builds
     * @param timestamp every entry's mtime, or null to keep the files' own
     */
    LayerMaker(BlobStore blobs, FileHashes hashes, Instant timestamp) {
        this.blobs = blobs;
        this.hashes = hashes;
        this.timestamp = timestamp;
    }

    LayerOptions layerOptions() {
        return timestamp != null ? LayerOptions.reproducible(timestamp) : LayerOptions.preserveTimes();
    }

    /** Writes the entries as a layer blob into the store, in one pass; returns its descriptor and diff_id. */
    WrittenLayer write(List<PlannedEntry> entries) throws IOException {
        return blobs.write(out -> {
            try (LayerWriter w = LayerWriter.open(out, Compression.GZIP, layerOptions())) {
                for (PlannedEntry e : entries) {
                    switch (e.type()) {
                        case DIRECTORY -> w.addDirectory(e.path(), e.attributes());
                        case SYMLINK -> w.addSymlink(e.path(), e.linkTarget(), e.attributes());
                        case FILE -> {
                            try (InputStream in = Files.newInputStream(e.source())) {
                                w.addFile(e.path(), e.attributes(), e.size(), in);
                            }
                        }
                        default -> throw new IllegalStateException("unexpected entry type " + e.type());
                    }
                }
                return w.finish();
            }
        }).result();
    }

    /** Compresses an uncompressed layer tar (a RUN's changes) into a stored gzip blob, in one pass. */
    WrittenLayer fromTar(Path tar) throws IOException {
        var stored = blobs.write(compressed -> {
            var uncompressed = new DigestingOutputStream(Compression.GZIP.compress(compressed));
            try (InputStream in = Files.newInputStream(tar)) {
                in.transferTo(uncompressed);
            }
            uncompressed.close();
            return uncompressed;
        });
        Descriptor d = Descriptor.of(Compression.GZIP.ociMediaType(), stored.digest(), stored.size());
        return new WrittenLayer(d, stored.result().digest(), stored.result().count(), List.of());
    }

    /**
     * Applies a stored gzip (or other) layer blob onto {@code rootfs}. The blob is read to its end,
     * past the end of its tar, so its digest and size are checked even when the tar ends early
     * (a damaged blob of zeros reads as an empty tar).
     */
    void apply(Descriptor layer, Path rootfs) throws IOException {
        try (InputStream raw = new BufferedInputStream(blobs.openVerified(layer), 1 << 16)) {
            LayerApplier.applyCompressed(raw, Compression.detect(raw), "layer " + layer.digest(), rootfs, ExtractOptions.defaults());
            raw.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /**
     * A digest of what the entries hold (paths, types, modes, owners, links, contents, and times
     * when kept). A file's content counts through its SHA-256, which {@link FileHashes} remembers
     * while the file is unchanged: a cached rebuild does not read every copied byte again.
     */
    String contentHash(List<PlannedEntry> entries) throws IOException {
        MessageDigest md = sha256();
        for (PlannedEntry e : entries) {
            var a = e.attributes();
            String meta = e.path() + "\0" + e.type() + "\0" + a.mode() + "\0" + a.uid() + "\0" + a.gid() + "\0"
                    + (e.linkTarget() == null ? "" : e.linkTarget()) + "\0"
                    + (timestamp == null ? a.mtime().getEpochSecond() : 0) + "\0";
            md.update(meta.getBytes(StandardCharsets.UTF_8));
            if (e.type() == EntryType.FILE) {
                md.update(hashes.sha256(e.source()).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String hash(String... parts) {
        MessageDigest md = sha256();
        for (String p : parts) {
            md.update((p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        return dev.pier.image.digest.DigestAlgorithm.SHA256.newMessageDigest();
    }

    /** A layer as the cache keeps it. */
    record CachedLayer(Descriptor descriptor, Digest diffId) {}
}
