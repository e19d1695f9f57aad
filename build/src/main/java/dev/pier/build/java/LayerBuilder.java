package dev.pier.build.java;

import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerOptions;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import dev.pier.build.context.FileHashes;
import dev.pier.image.digest.DigestAlgorithm;

/**
 * Writes {@link LayerSpec}s as reproducible gzip layers: entries in the spec's sorted order,
 * owner 0:0, the spec's fixed modes, every mtime set to one timestamp. The same inputs therefore
 * give the same bytes, and a layer is rebuilt only when its inputs change: each blob is kept in a
 * cache directory under a key computed from the entries (paths, modes, link targets and the
 * SHA-256 of each file's content), the timestamp and the format.
 */
public final class LayerBuilder {
    private static final String FORMAT = "pier-java-layer-v1 gzip";
    private final Path cacheDir;
    private final Instant timestamp;
    private final FileHashes hashes;

    /**
     * @param cacheDir where blobs and their keys are kept (created when needed)
     * @param timestamp the mtime of every entry
     * @param hashes the content hashes of files, remembered across builds
     */
    public LayerBuilder(Path cacheDir, Instant timestamp, FileHashes hashes) {
        this.cacheDir = cacheDir;
        this.timestamp = timestamp;
        this.hashes = hashes;
    }

    /** Builds the layer, or returns the cached blob of the same inputs. */
    public BuiltLayer build(LayerSpec spec) throws IOException {
        String key = key(spec);
        Path keys = Files.createDirectories(cacheDir.resolve("keys"));
        Path blobs = Files.createDirectories(cacheDir.resolve("blobs"));
        Path keyFile = keys.resolve(key + ".properties");
        if (Files.isRegularFile(keyFile)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(keyFile)) {
                p.load(in);
            }
            Digest digest = Digest.parse(p.getProperty("digest"));
            Path blob = blobs.resolve(digest.encoded());
            long size = Long.parseLong(p.getProperty("size"));
            if (Files.isRegularFile(blob) && Files.size(blob) == size) {
                return new BuiltLayer(spec.name(), Descriptor.of(p.getProperty("mediaType"), digest, size),
                        Digest.parse(p.getProperty("diffId")), blob, true);
            }
        }
        Path tmp = Files.createTempFile(blobs, ".layer-", ".tmp");
        try {
            WrittenLayer written;
            try (OutputStream out = Files.newOutputStream(tmp);
                 LayerWriter w = LayerWriter.open(out, Compression.GZIP, LayerOptions.reproducible(timestamp).withXattrs(false))) {
                for (LayerEntry e : spec.entries()) {
                    write(w, e);
                }
                written = w.finish();
            }
            Path blob = blobs.resolve(written.digest().encoded());
            Files.move(tmp, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Properties p = new Properties();
            p.setProperty("digest", written.digest().toString());
            p.setProperty("diffId", written.diffId().toString());
            p.setProperty("size", Long.toString(written.size()));
            p.setProperty("mediaType", written.descriptor().mediaType());
            Path keyTmp = Files.createTempFile(keys, ".key-", ".tmp");
            try (OutputStream out = Files.newOutputStream(keyTmp)) {
                p.store(out, null);
            }
            Files.move(keyTmp, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new BuiltLayer(spec.name(), written.descriptor(), written.diffId(), blob, false);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void write(LayerWriter w, LayerEntry e) throws IOException {
        String path = e.path().substring(1);
        EntryAttributes attrs = EntryAttributes.of(e.mode(), e.uid(), e.gid());
        switch (e.kind()) {
            case DIRECTORY -> w.addDirectory(path, attrs);
            case SYMLINK -> w.addSymlink(path, e.linkTarget(), attrs);
            case FILE -> {
                try (InputStream in = Files.newInputStream(e.source())) {
                    w.addFile(path, attrs, Files.size(e.source()), in);
                }
            }
        }
    }

    /** The cache key: SHA-256 over the format, the timestamp and every entry with its content's digest. */
    String key(LayerSpec spec) throws IOException {
        MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
        update(md, FORMAT + "\n" + timestamp.getEpochSecond() + "\n");
        for (LayerEntry e : spec.entries()) {
            update(md, e.kind() + " " + e.path() + " " + Integer.toOctalString(e.mode()) + " " + e.uid() + ":" + e.gid() + " "
                    + (e.linkTarget() == null ? "" : e.linkTarget()) + "\n");
            if (e.kind() == LayerEntry.Kind.FILE) {
                update(md, hashes.sha256(e.source()).encoded() + "\n");
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }

}
