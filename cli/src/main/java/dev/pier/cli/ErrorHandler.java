package dev.pier.cli;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns an exception into one line on stderr and an exit status: user errors (bad input, missing
 * files, denied access) exit 1, anything else is Pier's own failure and exits 125. The stack
 * trace is printed only with {@code --debug}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private final Pier pier;

    ErrorHandler(Pier pier) {
        this.pier = pier;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        return report(pier, ex, cli.getErr());
    }

    /** Prints what {@code ex}, thrown by a command of {@code pier}, says on {@code err}; returns the exit status. */
    static int report(Pier pier, Exception ex, java.io.PrintWriter err) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (pier.debug) {
            e.printStackTrace(err);
        }
        err.println("pier: " + message(e));
        return isUserError(e) ? ExitCode.USER_ERROR : ExitCode.PIER_FAILURE;
    }

    private static boolean isUserError(Throwable e) {
        return e instanceof PierException || e instanceof NoSuchFileException || e instanceof AccessDeniedException
                || e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException;
    }

    static String message(Throwable e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file or directory: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case FileSystemException f -> f.getMessage();
            case PierException p -> p.getMessage();
            case IOException io -> "I/O error: " + io.getMessage();
            default -> "internal error: " + e + " (run with --debug for details)";
        };
    }
}
