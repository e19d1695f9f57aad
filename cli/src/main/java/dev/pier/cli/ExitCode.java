package dev.pier.cli;

/** Exit statuses as docker and podman use them. */
final class ExitCode {
    static final int OK = 0;
    static final int USER_ERROR = 1;
    static final int PIER_FAILURE = 125;

    private ExitCode() {}
}
