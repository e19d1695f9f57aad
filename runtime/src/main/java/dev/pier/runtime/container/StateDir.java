package dev.pier.runtime.container;

import dev.pier.runtime.RuntimeError;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The files of one container under the runtime's root ({@code /run/pier-runc/<id>/}).
 *
 * @param dir the container's directory
 */
public record StateDir(Path dir) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");

    /** The directory of container {@code id} under {@code root}; refuses ids that are not plain names. */
    public static StateDir of(Path root, String id) {
        if (!ID.matcher(id).matches()) {
            throw new RuntimeError("invalid container id " + id + " (letters, digits, and _ . + - only)");
        }
        return new StateDir(root.toAbsolutePath().resolve(id));
    }

    /** The runtime's record of the container ({@link ContainerInfo}). */
    public Path stateJson() {
        return dir.resolve("state.json");
    }

    /** The bundle's configuration, copied at create. */
    public Path configJson() {
        return dir.resolve("config.json");
    }

    /** The FIFO the init waits on until start opens it. */
    public Path execFifo() {
        return dir.resolve("exec.fifo");
    }

    /** Where the init reports "ready" or "error: ...". */
    public Path initStatus() {
        return dir.resolve("init.status");
    }

    /** The FIFO the init waits on while createRuntime hooks run. */
    public Path hooksFifo() {
        return dir.resolve("hooks.fifo");
    }
}
