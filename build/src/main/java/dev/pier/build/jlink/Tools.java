package dev.pier.build.jlink;

import dev.pier.image.PierException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.spi.ToolProvider;

/** Runs a JDK tool ({@code jdeps}, {@code jlink}) of the JDK Pier runs on, in this process. */
final class Tools {
    private Tools() {}

    /** The tool's output (stdout and stderr together); fails with its first lines when it exits non-zero. */
    static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new PierException(
                tool + " is not available: run Pier on a full JDK (java.home=" + System.getProperty("java.home") + ")"));
        StringWriter out = new StringWriter();
        int status;
        try (PrintWriter w = new PrintWriter(out)) {
            status = provider.run(w, w, args.toArray(String[]::new));
        }
        if (status != 0) {
            String text = out.toString().strip();
            String first = text.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
            throw new PierException(tool + " failed (exit " + status + "): " + first);
        }
        return out.toString();
    }
}
