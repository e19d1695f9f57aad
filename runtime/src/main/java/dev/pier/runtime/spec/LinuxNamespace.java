package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A namespace to create ({@code path} null) or join.
 *
 * @param type pid, network, mount, ipc, uts, user or cgroup
 * @param path a namespace file to join, e.g. {@code /proc/1234/ns/net}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxNamespace(String type, String path) {}
