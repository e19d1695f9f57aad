package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user namespace id mapping.
 *
 * @param containerID first id in the container
 * @param hostID first id on the host
 * @param size how many ids
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxIdMapping(@com.fasterxml.jackson.annotation.JsonProperty("containerID") long containerID,
        @com.fasterxml.jackson.annotation.JsonProperty("hostID") long hostID, long size) {}
