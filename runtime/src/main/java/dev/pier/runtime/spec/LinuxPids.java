package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The pids limit.
 *
 * @param limit the largest number of tasks; 0 or negative is unlimited
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxPids(long limit) {}
