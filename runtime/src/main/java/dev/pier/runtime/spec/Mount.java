package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A mount in the container.
 *
 * @param destination the mount point, absolute in the container
 * @param type the filesystem type ({@code proc}, {@code tmpfs}, {@code bind}, ...)
 * @param source the device or directory
 * @param options mount options as fstab writes them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mount(String destination, String type, String source, List<String> options) {
    public Mount {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
