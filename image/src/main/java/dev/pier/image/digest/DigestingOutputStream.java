package dev.pier.image.digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts the bytes written through it, so a digest needs no second pass. */
public final class DigestingOutputStream extends FilterOutputStream {
    private final DigestAlgorithm algorithm;
    private final MessageDigest md;
    private long count;
    private Digest digest;

    public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.md = algorithm.newMessageDigest();
    }

    public DigestingOutputStream(OutputStream out) {
        this(out, DigestAlgorithm.SHA256);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        out.write(b);
        md.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        out.write(b, off, len);
        md.update(b, off, len);
        count += len;
    }

    /**
     * The digest of everything written, taken after the last write: later calls return the same
     * digest (so the writer of the bytes and the owner of the stream can both ask), later writes
     * fail.
     */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.fromHash(algorithm, md.digest());
        }
        return digest;
    }

    private void ensureOpen() {
        if (digest != null) {
            throw new IllegalStateException("written after its digest was taken");
        }
    }

    public long count() {
        return count;
    }
}
