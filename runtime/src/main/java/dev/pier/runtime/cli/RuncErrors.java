package dev.pier.runtime.cli;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import picocli.CommandLine;

/** Prints an error as one line (and to --log, as text or JSON), exit status 1 as runc. */
final class RuncErrors implements CommandLine.IExecutionExceptionHandler {
    private final PierRunc runc;

    RuncErrors(PierRunc runc) {
        this.runc = runc;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        return report(runc, ex, cli.getErr());
    }

    /** Prints {@code ex} as one line on {@code err} (its stack with --debug) and to --log; returns 1. */
    static int report(PierRunc runc, Exception ex, java.io.PrintWriter err) {
        if (runc.debug) {
            ex.printStackTrace(err);
        }
        String message = ex instanceof PierException ? ex.getMessage()
                : ex instanceof java.io.UncheckedIOException u ? u.getCause().toString()
                : ex + " (run with --debug for details)";
        err.println("pier-runc: " + message);
        log(runc, "error", message);
        return 1;
    }

    /** Appends a line to --log in --log-format. */
    static void log(PierRunc runc, String level, String message) {
        if (runc.log == null) {
            return;
        }
        String line = "json".equals(runc.logFormat)
                ? new String(dev.pier.image.spec.Json.write(java.util.Map.of("level", level, "msg", message, "time", Instant.now().toString())),
                        java.nio.charset.StandardCharsets.UTF_8)
                : "time=\"" + Instant.now() + "\" level=" + level + " msg=\"" + message.replace("\"", "\\\"") + "\"";
        try {
            Files.writeString(runc.log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is best effort
        }
    }
}
