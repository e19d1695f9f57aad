package dev.pier.runtime.sys;

import dev.pier.runtime.RuntimeError;

/** A system call that failed: names the call, its argument and the errno. */
public final class SysException extends RuntimeError {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SysException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The errno value. */
    public int errno() {
        return errno;
    }
}
