package dev.pier.analyze.history;

import dev.pier.image.digest.Digest;

/**
 * One row of {@code pier history}, as docker history shows it.
 *
 * @param id the image id for the newest row, {@code <missing>} for the others (as docker prints
 *     for images it did not build itself)
 * @param created the history entry's creation time (RFC 3339), or null
 * @param createdBy the command that made the step, or empty
 * @param size the layer blob's size in bytes; 0 for an empty layer
 * @param comment the history entry's comment, or empty
 * @param emptyLayer true when the step added no layer
 * @param layer the digest of the layer this step added, or null for an empty layer
 */
public record HistoryRow(String id, String created, String createdBy, long size, String comment, boolean emptyLayer,
                         Digest layer) {}
