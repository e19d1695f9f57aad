package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Block I/O weight.
 *
 * @param weight relative weight, 10 to 1000
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxBlockIO(Integer weight) {}
