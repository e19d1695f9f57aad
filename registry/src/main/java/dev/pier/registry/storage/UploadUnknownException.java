package dev.pier.registry.storage;

import java.io.IOException;

/** An upload session that ended (committed, cancelled or expired) while a request used it. */
public final class UploadUnknownException extends IOException {
    private static final long serialVersionUID = 1L;

    public UploadUnknownException(String id) {
        super("upload " + id + " not found");
    }
}
