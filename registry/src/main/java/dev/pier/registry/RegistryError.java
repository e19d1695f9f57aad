package dev.pier.registry;

import dev.pier.image.spec.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error response of the distribution spec: an HTTP status and one entry of the
 * {@code {"errors":[{"code","message","detail"}]}} body. Handlers throw it; the router writes it.
 */
public final class RegistryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The error codes of distribution-spec v1.1, with the status each is usually sent with. */
    public enum Code {
        BLOB_UNKNOWN(404, "blob unknown to registry"),
        BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
        BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
        DIGEST_INVALID(400, "provided digest did not match uploaded content"),
        MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
        MANIFEST_INVALID(400, "manifest invalid"),
        MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
        NAME_INVALID(400, "invalid repository name"),
        NAME_UNKNOWN(404, "repository name not known to registry"),
        SIZE_INVALID(400, "provided length did not match content length"),
        UNAUTHORIZED(401, "authentication required"),
        DENIED(403, "requested access to the resource is denied"),
        UNSUPPORTED(405, "the operation is unsupported"),
        TOOMANYREQUESTS(429, "too many requests");

        final int status;
        final String message;

        Code(int status, String message) {
            this.status = status;
            this.message = message;
        }
    }

    private final Code code;
    private final int status;
    private final transient Object detail;

    public RegistryError(Code code, int status, String message, Object detail) {
        super(message == null ? code.message : message);
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public static RegistryError of(Code code, String message) {
        return new RegistryError(code, code.status, message, null);
    }

    public static RegistryError of(Code code, int status, String message) {
        return new RegistryError(code, status, message, null);
    }

    public Code code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The JSON body. */
    public byte[] toJson() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code.name());
        e.put("message", getMessage());
        if (detail != null) {
            e.put("detail", detail);
        }
        return Json.write(Map.of("errors", List.of(e)));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a protocol answer, not a bug
    }
}
