package dev.pier.image.remote;

import dev.pier.image.PierException;

/**
 * A registry answered with an error, or could not be reached. The message is one line naming the
 * registry, the repository and what to do; {@link #status()} is the HTTP status, or 0 when no
 * answer came.
 */
public class RegistryException extends PierException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public RegistryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public RegistryException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
