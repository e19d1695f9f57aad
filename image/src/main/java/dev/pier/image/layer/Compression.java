package dev.pier.image.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.pier.image.PierException;
import dev.pier.image.spec.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * The compressions a layer blob may use, as the image spec names them in layer media types.
 *
 * <p>Compressed streams returned by {@link #compress} close the stream they wrap when closed.
 * Streams returned by {@link #decompress(InputStream, String)} report corrupt or truncated data as
 * a {@link PierException} naming the layer ("layer sha256:...: corrupt gzip data: ...").
 */
public enum Compression {
    NONE("", MediaType.OCI_LAYER),
    GZIP("gzip", MediaType.OCI_LAYER_GZIP),
    ZSTD("zstd", MediaType.OCI_LAYER_ZSTD);

    /** gzip level used when none is given: the same default as Go's compress/gzip (and so docker). */
    public static final int DEFAULT_GZIP_LEVEL = Deflater.DEFAULT_COMPRESSION;
    /** zstd level used when none is given: zstd's own default. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    private final String label;
    private final String ociMediaType;

    Compression(String label, String ociMediaType) {
        this.label = label;
        this.ociMediaType = ociMediaType;
    }

    /** The OCI layer media type for a tar with this compression. */
    public String ociMediaType() {
        return ociMediaType;
    }

    /** Wraps {@code out} in a compressor at this compression's default level. */
    public OutputStream compress(OutputStream out) throws IOException {
        return compress(out, -1);
    }

    /**
     * Wraps {@code out} in a compressor. {@code level} is the gzip level (0-9) or zstd level
     * (1-22); a negative value means the default. The output is a pure function of the input
     * bytes and level: gzip headers carry no timestamp or file name. gzip is one member deflated
     * in 256 KiB blocks on one thread per processor ({@link ParallelGzipOutputStream}); the bytes
     * do not depend on the number of processors.
     */
    public OutputStream compress(OutputStream out, int level) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out, level < 0 ? DEFAULT_GZIP_LEVEL : level);
            // The frame checksum lets readers detect corruption of stored (incompressible) blocks,
            // which zstd's format alone cannot; Go's zstd encoders write it too.
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, level < 0 ? DEFAULT_ZSTD_LEVEL : level).setChecksum(true);
        };
    }

    /** Same as {@link #decompress(InputStream, String)} with the name "layer". */
    public InputStream decompress(InputStream in) {
        return decompress(in, "layer");
    }

    /**
     * Wraps {@code in} in a decompressor. Concatenated gzip members and zstd frames are read as one
     * stream. Corrupt or truncated input fails with a {@link PierException} whose message starts
     * with {@code what} (for example {@code "layer sha256:abc..."}).
     */
    public InputStream decompress(InputStream in, String what) {
        if (this == NONE) {
            return in;
        }
        return new CheckedDecompressingInputStream(in, source -> switch (this) {
            // JDK's GZIPInputStream reads concatenated members (multi-member gzip) by itself.
            case GZIP -> new GZIPInputStream(source, 64 * 1024);
            case ZSTD -> new ZstdInputStreamNoFinalizer(source);
            case NONE -> throw new AssertionError();
        }, what + ": corrupt " + label + " data");
    }

    /**
     * Detects the compression of a stream from its magic bytes (gzip {@code 1f 8b}, zstd
     * {@code 28 b5 2f fd}); anything else is {@link #NONE}. The stream must support mark/reset
     * (wrap it in a {@link java.io.BufferedInputStream}); it is reset to where it was.
     */
    public static Compression detect(InputStream markSupportedStream) {
        if (!markSupportedStream.markSupported()) {
            throw new IllegalArgumentException("detect needs a stream that supports mark/reset");
        }
        try {
            markSupportedStream.mark(4);
            byte[] magic = markSupportedStream.readNBytes(4);
            markSupportedStream.reset();
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return GZIP;
            }
            if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                    && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
                return ZSTD;
            }
            return NONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The compression named by a layer media type: OCI ({@code ...layer.v1.tar[+gzip|+zstd]},
     * including non-distributable ones) or Docker ({@code ...rootfs.diff.tar.gzip},
     * {@code ...rootfs.foreign.diff.tar.gzip}, {@code ...tar.zstd}). Any other media type is a
     * {@link PierException}: guessing would hide a wrong manifest.
     */
    public static Compression fromMediaType(String mediaType) {
        if (mediaType == null) {
            throw new PierException("layer has no media type");
        }
        return switch (mediaType) {
            case MediaType.OCI_LAYER, MediaType.OCI_LAYER_NONDISTRIBUTABLE -> NONE;
            case MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP,
                 MediaType.DOCKER_LAYER_GZIP, MediaType.DOCKER_LAYER_FOREIGN_GZIP -> GZIP;
            case MediaType.OCI_LAYER_ZSTD, MediaType.OCI_LAYER_NONDISTRIBUTABLE_ZSTD,
                 MediaType.DOCKER_LAYER_ZSTD -> ZSTD;
            default -> throw new PierException("unsupported layer media type \"" + mediaType + "\"");
        };
    }
}
