package dev.pier.image.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The digest algorithms registered by the OCI image spec, with their encoded-part grammar. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private static final long SMALL_INPUT = 1 << 20;
    private final String id;
    private final String jcaName;
    private final Pattern encoded;
    private final int hexLength;

    DigestAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
        this.encoded = Pattern.compile("[a-f0-9]{" + hexLength + "}");
    }

    /** The algorithm's name as it appears before the colon of a digest. */
    public String id() {
        return id;
    }

    public int hexLength() {
        return hexLength;
    }

    boolean isValidEncoded(String hex) {
        return encoded.matcher(hex).matches();
    }

    /**
     * A fresh message digest for this algorithm: OpenSSL's when the system has libcrypto (see
     * {@link OpenSslDigest} for why), the JDK's otherwise; both give the same results.
     */
    public MessageDigest newMessageDigest() {
        Optional<MessageDigest> fast = OpenSslDigest.create(this);
        if (fast.isPresent()) {
            return fast.get();
        }
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /**
     * A message digest for about {@code expectedBytes} of input (-1: unknown). Below 1 MiB
     * (manifests, configs, indexes) the JDK's: binding libcrypto's functions costs a fresh JVM
     * tens of milliseconds, more than the JDK takes to hash such a document (a no-op push, which
     * hashes nothing larger, ends 40-50 ms sooner, measured). Above, {@link #newMessageDigest()}.
     */
    public MessageDigest newMessageDigest(long expectedBytes) {
        if (expectedBytes < 0 || expectedBytes >= SMALL_INPUT) {
            return newMessageDigest();
        }
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            return newMessageDigest();
        }
    }

    /**
     * Sets up now what the first {@link #newMessageDigest(long)} of a small document would wait
     * for: the JDK's security providers (a few milliseconds in a fresh JVM). For a command's
     * start-up thread, like {@link dev.pier.image.spec.Json#prepareParser}.
     */
    public static void prepareSmallDigests() {
        SHA256.newMessageDigest(0).digest(new byte[1]);
    }

    /**
     * Binds libcrypto's SHA-256 on a background thread and returns at once, for a caller about to
     * hash large blobs: the binding (class spinning for the native calls, tens of milliseconds in a
     * fresh JVM) then overlaps the caller's own work instead of delaying its first blob. A platform
     * daemon thread; a digest asked for meanwhile waits for the same binding, never binds twice.
     */
    public static void prepareLargeDigests() {
        Thread.ofPlatform().daemon().name("digest-bind").start(() -> SHA256.newMessageDigest().digest(new byte[1]));
    }

    public static Optional<DigestAlgorithm> byId(String id) {
        for (DigestAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
