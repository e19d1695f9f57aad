package dev.pier.registry.storage;

import java.io.IOException;

/** A request body over the configured limit. */
public final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(long limit) {
        super("request body exceeds the limit of " + limit + " bytes");
    }
}
