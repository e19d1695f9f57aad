package dev.pier.image;

/**
 * An error caused by what the user asked for or by the data Pier was given: a bad reference, a
 * tampered blob, malformed JSON, an unsafe path. Its message is one line meant for the user; the
 * command line prints it and exits with status 1.
 */
public class PierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PierException(String message) {
        super(message);
    }

    public PierException(String message, Throwable cause) {
        super(message, cause);
    }
}
