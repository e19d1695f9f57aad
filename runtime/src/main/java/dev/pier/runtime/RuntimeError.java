package dev.pier.runtime;

import dev.pier.image.PierException;

/**
 * A container operation that cannot be done as asked: a missing bundle, an invalid config, an
 * unknown or duplicate container id, a missing executable. The message is one line for the user.
 */
public class RuntimeError extends PierException {
    private static final long serialVersionUID = 1L;

    public RuntimeError(String message) {
        super(message);
    }

    public RuntimeError(String message, Throwable cause) {
        super(message, cause);
    }
}
