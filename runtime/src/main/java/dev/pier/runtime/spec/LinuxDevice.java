package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A device node created in the container.
 *
 * @param type c, b, u or p
 * @param path the node's path in the container
 * @param major major number
 * @param minor minor number
 * @param fileMode permission bits
 * @param uid owner
 * @param gid group
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxDevice(String type, String path, Long major, Long minor, Integer fileMode, Long uid, Long gid) {}
