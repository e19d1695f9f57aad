package dev.pier.image.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.pier.image.PierException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A content digest as the OCI image spec defines it: {@code algorithm:encoded}. Only the
 * registered algorithms sha256 and sha512 are accepted, with lower-case hex of the right length,
 * so a digest can safely become a file name.
 */
public record Digest(DigestAlgorithm algorithm, String encoded) implements Comparable<Digest> {

    public Digest {
        if (!algorithm.isValidEncoded(encoded)) {
            throw new InvalidDigestException(algorithm.id() + ":" + encoded);
        }
    }

    /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}; throws {@link InvalidDigestException}. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new InvalidDigestException("null");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidDigestException(text);
        }
        DigestAlgorithm algorithm = DigestAlgorithm.byId(text.substring(0, colon))
                .orElseThrow(() -> new InvalidDigestException(text));
        return new Digest(algorithm, text.substring(colon + 1));
    }

    /** The sha256 digest of the given bytes. */
    public static Digest sha256(byte[] bytes) {
        return of(DigestAlgorithm.SHA256, bytes);
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] bytes) {
        MessageDigest md = algorithm.newMessageDigest(bytes.length);
        return fromHash(algorithm, md.digest(bytes));
    }

    /** Reads the stream to its end and returns its digest; the stream is not closed. */
    public static Digest of(DigestAlgorithm algorithm, InputStream in) throws IOException {
        MessageDigest md = algorithm.newMessageDigest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            md.update(buf, 0, n);
        }
        return fromHash(algorithm, md.digest());
    }

    public static Digest fromHash(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm.id() + ":" + encoded;
    }

    // equals and hashCode written out: a record's generated ones are linked on first call through
    // ObjectMethods' bootstrap, about 6 ms of CPU in a short command that compares one digest
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm == d.algorithm && encoded.equals(d.encoded);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + encoded.hashCode();
    }

    /** The first 12 characters of the encoded part, as image ids are shown by docker. */
    public String shortId() {
        return encoded.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    /** Thrown for text that is not a valid digest. */
    public static final class InvalidDigestException extends PierException {
        private static final long serialVersionUID = 1L;

        InvalidDigestException(String text) {
            super("invalid digest \"" + abbreviate(text) + "\": expected sha256:<64 hex> or sha512:<128 hex>");
        }

        private static String abbreviate(String s) {
            String cut = s.length() > 140 ? s.substring(0, 140) + "..." : s;
            // the text comes from outside: keep the message on one line, free of terminal controls
            StringBuilder out = new StringBuilder(cut.length());
            cut.codePoints().forEach(c -> {
                if (Character.isISOControl(c)) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return out.toString();
        }
    }
}
