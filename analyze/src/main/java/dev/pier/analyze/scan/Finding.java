package dev.pier.analyze.scan;

import dev.pier.image.digest.Digest;

/**
 * One problem found in an image.
 *
 * @param rule the rule's id, e.g. {@code secret-private-key} (see {@link Rule})
 * @param severity how serious it is
 * @param message one line saying what was found; secrets appear masked
 * @param path the file it was found in ({@code /etc/x}), or null for the image config
 * @param layer the index of the layer holding the file, or -1 for the image config
 * @param layerDigest that layer's digest, or null for the image config
 */
public record Finding(Rule rule, Severity severity, String message, String path, int layer, Digest layerDigest) {
    /** Where it was found, for people: {@code /etc/x (layer 2)} or {@code image config}. */
    public String where() {
        return path == null ? "image config" : path + " (layer " + layer + ")";
    }
}
