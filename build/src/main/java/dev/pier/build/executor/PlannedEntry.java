package dev.pier.build.executor;

import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.EntryType;
import java.nio.file.Path;

/**
 * One entry a COPY or ADD puts into its layer.
 *
 * @param path the path in the image, relative, without leading {@code /}
 * @param type file, directory or symlink
 * @param attributes mode, owner, mtime
 * @param source the host file with the content (files only)
 * @param size the content size (files only)
 * @param linkTarget the symlink target (symlinks only)
 */
record PlannedEntry(String path, EntryType type, EntryAttributes attributes, Path source, long size, String linkTarget) {}
