package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The Linux-specific configuration.
 *
 * @param uidMappings user namespace uid mappings
 * @param gidMappings user namespace gid mappings
 * @param sysctl kernel parameters set in the container
 * @param resources cgroup limits
 * @param cgroupsPath the cgroup, absolute or relative to the runtime's
 * @param namespaces the namespaces to create or join
 * @param devices extra device nodes
 * @param seccomp the seccomp profile
 * @param rootfsPropagation propagation of the root mount
 * @param maskedPaths paths made unreadable
 * @param readonlyPaths paths made read-only
 * @param mountLabel SELinux's {@code context=} of the filesystems the runtime mounts; an error where SELinux is not enabled (runc's mount fails there)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Linux(List<LinuxIdMapping> uidMappings, List<LinuxIdMapping> gidMappings, Map<String, String> sysctl,
        LinuxResources resources, String cgroupsPath, List<LinuxNamespace> namespaces, List<LinuxDevice> devices,
        LinuxSeccomp seccomp, String rootfsPropagation, List<String> maskedPaths, List<String> readonlyPaths,
        String mountLabel) {
    public Linux {
        uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
        gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        devices = devices == null ? List.of() : List.copyOf(devices);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
    }

    /** The namespace of this type, if the spec asks for one. */
    public java.util.Optional<LinuxNamespace> namespace(String type) {
        return namespaces.stream().filter(n -> type.equals(n.type())).findFirst();
    }
}
