package dev.pier.cli;

import dev.pier.image.transport.CopyListener;
import java.io.IOException;
import java.io.PrintWriter;

/** Chooses how a transfer reports itself: bars on a terminal, lines otherwise, nothing when quiet. */
final class Progress {
    private Progress() {}

    static CopyListener listener(PrintWriter out, boolean quiet) {
        if (quiet) {
            return CopyListener.NONE;
        }
        var console = System.console();
        if (console != null && console.isTerminal() && !"dumb".equals(System.getenv("TERM"))) {
            try {
                return new TerminalProgress(out);
            } catch (IOException | RuntimeException e) {
                // no usable terminal after all: plain lines
            }
        }
        return new LineProgress(out);
    }
}
