package dev.pier.build.context;

import dev.pier.image.PierException;

/** A source that the build context cannot give: missing, excluded, or leaving the context. */
public final class ContextException extends PierException {
    private static final long serialVersionUID = 1L;

    public ContextException(String message) {
        super(message);
    }
}
