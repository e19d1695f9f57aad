package dev.pier.image.transport;

import dev.pier.image.spec.Descriptor;

/** Hears what a copy does, blob by blob; called from several threads at once. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {};

    default void blobSkipped(Descriptor blob) {}

    default void blobCopied(Descriptor blob) {}

    default void manifestWritten(Descriptor manifest) {}
}
