package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.util.Locale;

/**
 * {@code pier run --drift}: what happens when a container runs an executable that did not come
 * from its image (see docs/security.md for what each mode guarantees).
 */
public enum DriftMode {
    /** Nothing is checked (the default). */
    OFF,
    /** Executions of files not from the image, and new executable files, are reported as events; nothing is stopped. */
    ALERT,
    /** The image's files are read-only and every writable place is mounted noexec; memfd_create is denied. */
    BLOCK;

    /** The mode named {@code text} ({@code off}, {@code alert} or {@code block}); a one-line error otherwise. */
    public static DriftMode parse(String text) {
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "off", "" -> OFF;
            case "alert" -> ALERT;
            case "block" -> BLOCK;
            default -> throw new RuntimeError("invalid --drift " + text + " (use off, alert or block)");
        };
    }

    /** The mode as written on the command line. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
