package dev.pier.registry.storage;

import dev.pier.image.digest.DigestAlgorithm;
import java.security.MessageDigest;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upload session as this process knows it: its owner and start time, a lock serialising its
 * requests, and the running hash while chunks arrive in order ({@code valid}). A session read
 * back after a restart is not valid: its commit hashes the file.
 */
final class UploadSession {
    /** What {@code uploads/<id>.json} holds. */
    record Info(String repository, long started) {}

    final Info info;
    final ReentrantLock lock = new ReentrantLock();
    final MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
    /** Bytes fed to {@link #md} so far. */
    long hashed;
    boolean valid;
    /** Committed, cancelled or expired: requests for it find nothing. */
    boolean ended;

    UploadSession(Info info, boolean valid) {
        this.info = info;
        this.valid = valid;
    }
}
