package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The user of the container's process.
 *
 * @param uid user id in the container
 * @param gid group id in the container
 * @param umask the file mode creation mask, or {@code null} to keep 0022
 * @param additionalGids supplementary groups
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(long uid, long gid, Integer umask, List<Long> additionalGids) {
    public User {
        additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
    }
}
