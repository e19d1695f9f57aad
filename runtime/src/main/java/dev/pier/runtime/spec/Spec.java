package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec configuration ({@code config.json} of a bundle).
 *
 * @param ociVersion the runtime-spec version the bundle follows
 * @param process the container's process
 * @param root the root filesystem
 * @param hostname the container's hostname (needs a UTS namespace)
 * @param domainname the container's NIS domain name
 * @param mounts the mounts, in order, after the root
 * @param hooks the lifecycle hooks
 * @param annotations arbitrary metadata
 * @param linux the Linux-specific part
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Spec(String ociVersion, Process process, Root root, String hostname, String domainname,
        List<Mount> mounts, Hooks hooks, Map<String, String> annotations, Linux linux) {
    public Spec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }
}
