package dev.pier.image.ref;

import dev.pier.image.PierException;

/** Text that is not a valid image reference; the message says which part is wrong. */
public final class InvalidReferenceException extends PierException {
    private static final long serialVersionUID = 1L;

    public InvalidReferenceException(String message) {
        super(message);
    }

    public InvalidReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
