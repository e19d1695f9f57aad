package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The lifecycle hooks.
 *
 * @param prestart deprecated; run with createRuntime
 * @param createRuntime run by the runtime after the namespaces exist
 * @param createContainer run in the container's namespaces before pivot_root
 * @param startContainer run before the user process starts
 * @param poststart run after the user process started
 * @param poststop run after the container is deleted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
        List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {
    public Hooks {
        prestart = prestart == null ? List.of() : List.copyOf(prestart);
        createRuntime = createRuntime == null ? List.of() : List.copyOf(createRuntime);
        createContainer = createContainer == null ? List.of() : List.copyOf(createContainer);
        startContainer = startContainer == null ? List.of() : List.copyOf(startContainer);
        poststart = poststart == null ? List.of() : List.copyOf(poststart);
        poststop = poststop == null ? List.of() : List.copyOf(poststop);
    }
}
