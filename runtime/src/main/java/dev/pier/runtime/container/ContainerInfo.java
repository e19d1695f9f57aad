package dev.pier.runtime.container;

import java.util.List;
import java.util.Map;

/**
 * What the runtime records about a container in {@code state.json} of its state directory.
 *
 * @param ociVersion the runtime-spec version of the bundle
 * @param id the container's id
 * @param bundle the bundle directory
 * @param rootfs the root filesystem
 * @param pid the host pid of the container's init (0 before it exists)
 * @param pidStartTime the start time of that pid (field 22 of /proc/pid/stat), to detect reuse
 * @param created creation time, RFC 3339
 * @param owner the user who created it
 * @param cgroupDirs the container's cgroup directories (one per v1 controller, or one v2 directory)
 * @param annotations the spec's annotations
 */
public record ContainerInfo(String ociVersion, String id, String bundle, String rootfs, int pid, long pidStartTime,
        String created, String owner, List<String> cgroupDirs, Map<String, String> annotations) {
    public ContainerInfo {
        cgroupDirs = cgroupDirs == null ? List.of() : List.copyOf(cgroupDirs);
        annotations = annotations == null ? Map.of() : annotations;
    }

    /** This record with the init's pid. */
    public ContainerInfo withPid(int newPid, long startTime) {
        return new ContainerInfo(ociVersion, id, bundle, rootfs, newPid, startTime, created, owner, cgroupDirs, annotations);
    }

    /** The runtime-spec state of this container with {@code status} and {@code pid}. */
    public dev.pier.runtime.spec.State toState(String status, int statePid) {
        return new dev.pier.runtime.spec.State(ociVersion, id, status, statePid, bundle, annotations);
    }
}
