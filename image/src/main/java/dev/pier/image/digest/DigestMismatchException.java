package dev.pier.image.digest;

import dev.pier.image.PierException;

/** Content whose bytes do not match the digest or size that was promised for it. */
public final class DigestMismatchException extends PierException {
    private static final long serialVersionUID = 1L;

    public DigestMismatchException(String message) {
        super(message);
    }

    public static DigestMismatchException digest(String what, Digest expected, Digest actual) {
        return new DigestMismatchException(what + ": digest mismatch, expected " + expected + " but content hashes to " + actual);
    }

    public static DigestMismatchException size(String what, long expected, long actual) {
        return new DigestMismatchException(what + ": size mismatch, expected " + expected + " bytes but got " + (actual > expected ? "more" : actual));
    }
}
