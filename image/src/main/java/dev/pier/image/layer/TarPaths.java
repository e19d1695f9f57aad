package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path from a tar entry into clean components relative to a root, and back.
 *
 * <p>Cleaning is lexical, as Go's {@code path.Clean} does for docker and containerd: empty and
 * {@code .} components vanish, a leading {@code /} is stripped (an absolute name means "from the
 * layer's root"), and {@code a/../b} becomes {@code b}. A name whose {@code ..} would climb above
 * the root is rejected, not clamped: such a tar is hostile or broken, and saying so is clearer
 * than silently writing elsewhere.
 */
final class TarPaths {
    /** Linux's NAME_MAX: a longer component cannot be created, so it is an error up front. */
    static final int MAX_COMPONENT_BYTES = 255;
    /** Linux's PATH_MAX. */
    static final int MAX_PATH_BYTES = 4096;

    private TarPaths() {}

    /**
     * The components of {@code name} relative to the root; empty for the root itself.
     *
     * @param what names the layer and entry in error messages
     */
    static List<String> components(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new PierException(what + ": empty path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new PierException(what + ": path contains a NUL character");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new PierException(what + ": path longer than " + MAX_PATH_BYTES + " bytes");
        }
        List<String> out = new ArrayList<>();
        for (String c : name.split("/", -1)) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (out.isEmpty()) {
                    throw new PierException(what + ": path escapes the root with \"..\"");
                }
                out.removeLast();
                continue;
            }
            if (c.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw new PierException(what + ": path component longer than " + MAX_COMPONENT_BYTES + " bytes");
            }
            out.add(c);
        }
        return out;
    }

    /** The components joined with {@code /}, as a tar name without leading slash. */
    static String join(List<String> components) {
        return String.join("/", components);
    }

    /** Quotes a name for an error message, shortening very long ones so the message stays one line. */
    static String quote(String name) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "..." : name;
        return "\"" + shown.replace("\0", "\\0").replace("\n", "\\n") + "\"";
    }
}
