package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Cgroup limits.
 *
 * @param memory memory limits
 * @param cpu cpu limits
 * @param pids the pids limit
 * @param blockIO block I/O weight
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxResources(LinuxMemory memory, LinuxCPU cpu, LinuxPids pids, LinuxBlockIO blockIO) {}
