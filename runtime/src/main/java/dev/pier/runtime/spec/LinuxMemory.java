package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Memory limits in bytes; -1 is unlimited.
 *
 * @param limit the hard limit
 * @param reservation the soft limit
 * @param swap memory plus swap
 * @param swappiness swap tendency (v1)
 * @param disableOOMKiller whether the OOM killer is disabled (v1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxMemory(Long limit, Long reservation, Long swap, Long swappiness,
        @com.fasterxml.jackson.annotation.JsonProperty("disableOOMKiller") Boolean disableOOMKiller) {}
