package dev.pier.image.layer;

/**
 * An entry whose owner the applier could not (or was told not to) set.
 *
 * @param path the entry's path relative to the root, after symlinks in its parents were resolved
 */
public record UnappliedOwnership(String path, long uid, long gid) {}
