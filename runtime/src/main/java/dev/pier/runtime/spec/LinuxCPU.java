package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * CPU limits.
 *
 * @param shares relative weight
 * @param quota microseconds per period
 * @param period period in microseconds
 * @param cpus cpuset cpus, e.g. {@code 0-1}
 * @param mems cpuset memory nodes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxCPU(Long shares, Long quota, Long period, String cpus, String mems) {}
