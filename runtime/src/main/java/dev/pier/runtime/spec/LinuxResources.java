package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Cgroup limits.
 *
 * @param memory memory limits
 * @param cpu cpu limits
 * @param pids the pids limit
 * @param blockIO block I/O weight
 * @param devices the devices cgroup's rules, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxResources(LinuxMemory memory, LinuxCPU cpu, LinuxPids pids, LinuxBlockIO blockIO, List<LinuxDeviceCgroup> devices) {
    public LinuxResources {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** Limits without device rules. */
    public LinuxResources(LinuxMemory memory, LinuxCPU cpu, LinuxPids pids, LinuxBlockIO blockIO) {
        this(memory, cpu, pids, blockIO, List.of());
    }

    /** These limits with {@code rules} as the device rules. */
    public LinuxResources withDevices(List<LinuxDeviceCgroup> rules) {
        return new LinuxResources(memory, cpu, pids, blockIO, rules);
    }
}
