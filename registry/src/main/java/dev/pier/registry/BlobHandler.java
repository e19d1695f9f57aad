package dev.pier.registry;

import static dev.pier.registry.RegistryError.Code.BLOB_UNKNOWN;

import dev.pier.image.digest.Digest;
import dev.pier.registry.storage.RegistryStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;

/** {@code /v2/<name>/blobs/<digest>}: GET and HEAD with Range support (end-2), DELETE (end-10). */
final class BlobHandler {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private final Registry registry;
    private final RegistryStorage storage;

    BlobHandler(Registry registry) {
        this.registry = registry;
        this.storage = registry.storage();
    }

    void get(Exchange ex, String repo, String digestText) throws IOException {
        Digest digest = Names.digest(digestText);
        if (!storage.isBlobLinked(repo, digest)) {
            throw RegistryError.of(BLOB_UNKNOWN, "blob " + digest + " unknown to " + repo);
        }
        long size = storage.blobSize(digest).orElseThrow(() -> RegistryError.of(BLOB_UNKNOWN, "blob " + digest + " unknown"));
        long start = 0;
        long end = size - 1;
        int status = 200;
        String range = ex.header("Range");
        if (range != null && !ex.isHead()) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) { // suffix: the last N bytes
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start >= size || start > end) {
                    ex.header("Content-Range", "bytes */" + size);
                    throw RegistryError.of(RegistryError.Code.BLOB_UNKNOWN, 416, "range " + range + " not satisfiable for " + size + " bytes");
                }
                status = 206;
                ex.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        }
        long length = end - start + 1;
        ex.header("Docker-Content-Digest", digest.toString());
        ex.header("ETag", "\"" + digest + "\"");
        ex.header("Accept-Ranges", "bytes");
        ex.header("Content-Type", "application/octet-stream");
        ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Math.max(length, 0));
        if (ex.isHead() || length <= 0) {
            ex.response.setStatus(status);
            ex.response.write(true, null, ex.callback);
            ex.markCompleted();
            return;
        }
        Optional<Path> file = storage.blobFile(digest);
        if (file.isPresent()) {
            ex.sendFile(status, file.get(), start, length);
            return;
        }
        var buffers = new ByteBufferPool.Sized(ex.request.getComponents().getByteBufferPool(), true, 64 * 1024);
        ex.sendContent(status, Content.Source.from(buffers, storage.openBlob(digest, start), 0, length));
    }

    void delete(Exchange ex, String repo, String digestText) throws IOException {
        registry.requireWritable();
        Digest digest = Names.digest(digestText);
        if (!storage.unlinkBlob(repo, digest)) {
            throw RegistryError.of(BLOB_UNKNOWN, "blob " + digest + " unknown to " + repo);
        }
        ex.sendEmpty(202);
    }
}
