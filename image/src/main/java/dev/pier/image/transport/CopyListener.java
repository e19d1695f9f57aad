package dev.pier.image.transport;

import dev.pier.image.spec.Descriptor;

/** Hears what a copy does, blob by blob; called from several threads at once. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {};

    default void blobSkipped(Descriptor blob) {}

    /** A blob starts to move. */
    default void blobStarted(Descriptor blob) {}

    /** {@code bytes} of the blob have moved so far; called often, so keep it cheap. */
    default void blobProgress(Descriptor blob, long bytes) {}

    default void blobCopied(Descriptor blob) {}

    default void manifestWritten(Descriptor manifest) {}
}
