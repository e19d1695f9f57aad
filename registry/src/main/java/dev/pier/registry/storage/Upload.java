package dev.pier.registry.storage;

import dev.pier.image.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * A blob upload session. Its bytes are kept until it is committed, cancelled or expired, and
 * survive a restart of the registry. Methods on one session are serialised by the storage.
 */
public interface Upload {
    String id();

    String repository();

    Instant started();

    /** Bytes received so far. */
    long size() throws IOException;

    /**
     * Appends the stream's bytes (at most {@code limit}); returns the new size. If the stream fails
     * midway the bytes already appended stay, as the spec's resumable uploads expect.
     */
    long append(InputStream content, long limit) throws IOException;

    /**
     * Verifies the content against {@code expected} and makes it a blob linked into the session's
     * repository; the session ends. Throws {@link dev.pier.image.digest.DigestMismatchException} if
     * the content hashes otherwise (the session then stays, so a client may retry).
     */
    void commit(Digest expected) throws IOException;

    /** Discards the session and its bytes. */
    void cancel() throws IOException;
}
