package dev.pier.registry;

import static dev.pier.registry.RegistryError.Code.BLOB_UPLOAD_INVALID;
import static dev.pier.registry.RegistryError.Code.BLOB_UPLOAD_UNKNOWN;
import static dev.pier.registry.RegistryError.Code.DIGEST_INVALID;
import static dev.pier.registry.RegistryError.Code.SIZE_INVALID;

import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.registry.storage.BodyTooLargeException;
import dev.pier.registry.storage.RegistryStorage;
import dev.pier.registry.storage.Upload;
import dev.pier.registry.storage.UploadUnknownException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v2/<name>/blobs/uploads/[<reference>]}: POST (end-4a, end-4b, end-11), PATCH (end-5),
 * PUT (end-6), GET (end-13) and DELETE of a session.
 */
final class UploadHandler {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");
    private final Registry registry;
    private final RegistryStorage storage;
    private final Access access;

    UploadHandler(Registry registry, Access access) {
        this.registry = registry;
        this.storage = registry.storage();
        this.access = access;
    }

    void post(Exchange ex, String repo) throws IOException {
        registry.requireWritable();
        String mount = ex.param("mount");
        String from = ex.param("from");
        if (mount != null && from != null && Names.isName(from)) {
            Digest digest = Names.digest(mount);
            if (access.mayPull(ex, from) && storage.isBlobLinked(from, digest)) {
                storage.linkBlob(repo, digest);
                ex.header("Location", "/v2/" + repo + "/blobs/" + digest);
                ex.header("Docker-Content-Digest", digest.toString());
                ex.sendEmpty(201);
                return;
            }
        }
        String digestParam = ex.param("digest");
        Upload upload = storage.startUpload(repo);
        if (digestParam != null) { // a monolithic upload in one POST
            try {
                Digest digest = Names.digest(digestParam);
                append(ex, upload);
                commit(ex, upload, digest);
            } catch (RegistryError | IOException e) {
                upload.cancel();
                throw e;
            }
            return;
        }
        ex.drain();
        sessionHeaders(ex, upload, 0);
        ex.sendEmpty(202);
    }

    private Upload session(String repo, String id) throws IOException {
        return storage.upload(repo, id).orElseThrow(() -> RegistryError.of(BLOB_UPLOAD_UNKNOWN, "upload " + id + " unknown"));
    }

    private static void sessionHeaders(Exchange ex, Upload upload, long size) {
        ex.header("Location", "/v2/" + upload.repository() + "/blobs/uploads/" + upload.id());
        ex.header("Docker-Upload-UUID", upload.id());
        ex.header("Range", "0-" + Math.max(size - 1, 0));
    }

    void status(Exchange ex, String repo, String id) throws IOException {
        Upload upload = session(repo, id);
        sessionHeaders(ex, upload, upload.size());
        ex.sendEmpty(204);
    }

    void patch(Exchange ex, String repo, String id) throws IOException {
        registry.requireWritable();
        Upload upload = session(repo, id);
        long size = append(ex, upload);
        sessionHeaders(ex, upload, size);
        ex.sendEmpty(202);
    }

    void put(Exchange ex, String repo, String id) throws IOException {
        registry.requireWritable();
        Upload upload = session(repo, id);
        String digestParam = ex.param("digest");
        if (digestParam == null) {
            throw RegistryError.of(DIGEST_INVALID, "the digest query parameter is required to finish an upload");
        }
        Digest digest = Names.digest(digestParam);
        append(ex, upload);
        commit(ex, upload, digest);
    }

    void cancel(Exchange ex, String repo, String id) throws IOException {
        registry.requireWritable();
        session(repo, id).cancel();
        ex.sendEmpty(204);
    }

    /** Appends the request body, checking Content-Range against the session's offset; returns the new size. */
    private long append(Exchange ex, Upload upload) throws IOException {
        long offset = upload.size();
        String contentRange = ex.header("Content-Range");
        long length = ex.contentLength();
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (!m.matches()) {
                throw RegistryError.of(BLOB_UPLOAD_INVALID, "malformed Content-Range " + contentRange);
            }
            long start = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            if (start != offset || end < start) {
                ex.drain();
                sessionHeaders(ex, upload, offset);
                throw RegistryError.of(BLOB_UPLOAD_INVALID, 416, "chunk " + contentRange + " does not start at the upload's offset " + offset);
            }
            if (length >= 0 && length != end - start + 1) {
                throw RegistryError.of(SIZE_INVALID, "Content-Length " + length + " does not match Content-Range " + contentRange);
            }
        }
        if (length == 0) {
            return offset;
        }
        long limit = registry.options().maxBodyBytes();
        if (length > limit) {
            throw RegistryError.of(SIZE_INVALID, 413, "request body of " + length + " bytes exceeds the limit of " + limit);
        }
        long size;
        try (InputStream in = ex.body()) {
            size = upload.append(in, limit);
        } catch (BodyTooLargeException e) {
            throw RegistryError.of(SIZE_INVALID, 413, e.getMessage());
        } catch (UploadUnknownException e) {
            throw RegistryError.of(BLOB_UPLOAD_UNKNOWN, e.getMessage());
        }
        if (length >= 0 && size - offset != length) {
            throw RegistryError.of(SIZE_INVALID, "received " + (size - offset) + " bytes, Content-Length said " + length);
        }
        return size;
    }

    private void commit(Exchange ex, Upload upload, Digest digest) throws IOException {
        try {
            upload.commit(digest);
        } catch (DigestMismatchException e) {
            throw RegistryError.of(DIGEST_INVALID, e.getMessage());
        } catch (UploadUnknownException e) {
            throw RegistryError.of(BLOB_UPLOAD_UNKNOWN, e.getMessage());
        }
        ex.header("Location", "/v2/" + upload.repository() + "/blobs/" + digest);
        ex.header("Docker-Content-Digest", digest.toString());
        ex.sendEmpty(201);
    }
}
