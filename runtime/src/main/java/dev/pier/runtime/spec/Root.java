package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The container's root filesystem.
 *
 * @param path the rootfs, absolute or relative to the bundle
 * @param readonly whether it is remounted read-only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Root(String path, Boolean readonly) {
    /** Whether the root is read-only. */
    public boolean isReadonly() {
        return Boolean.TRUE.equals(readonly);
    }
}
