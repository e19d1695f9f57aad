package dev.pier.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** TEMPORARY placeholder until the layer branch merges. */
public enum Compression {
    NONE, GZIP, ZSTD;

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new java.util.zip.GZIPOutputStream(out, 65536);
            case ZSTD -> new com.github.luben.zstd.ZstdOutputStream(out);
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new java.util.zip.GZIPInputStream(in, 65536);
            case ZSTD -> new com.github.luben.zstd.ZstdInputStream(in);
        };
    }

    public static Compression detect(InputStream in) throws IOException {
        in.mark(4);
        byte[] b = in.readNBytes(4);
        in.reset();
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) return GZIP;
        if (b.length == 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) return ZSTD;
        return NONE;
    }

    public static Compression fromMediaType(String mt) {
        if (mt.endsWith("gzip")) return GZIP;
        if (mt.endsWith("zstd")) return ZSTD;
        return NONE;
    }

    public String ociMediaType() {
        return switch (this) {
            case NONE -> "application/vnd.oci.image.layer.v1.tar";
            case GZIP -> "application/vnd.oci.image.layer.v1.tar+gzip";
            case ZSTD -> "application/vnd.oci.image.layer.v1.tar+zstd";
        };
    }
}
