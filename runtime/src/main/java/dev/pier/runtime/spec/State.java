package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The state of a container, as {@code pier-runc state} prints it and hooks read it.
 *
 * @param ociVersion the runtime-spec version
 * @param id the container's id
 * @param status creating, created, running, paused or stopped
 * @param pid the host pid of the container's process (0 when stopped)
 * @param bundle the bundle directory, absolute
 * @param annotations the spec's annotations
 */
public record State(String ociVersion, String id, String status, int pid, String bundle, Map<String, String> annotations) {
    public State {
        annotations = annotations == null ? Map.of() : annotations;
    }
}
