package dev.pier.image.sign;

import dev.pier.image.PierException;

/** A signature that does not verify, a missing one, or a key that cannot be used: one line for the user. */
public class SignatureException extends PierException {
    private static final long serialVersionUID = 1L;

    public SignatureException(String message) {
        super(message);
    }

    public SignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
