package dev.pier.image.store;

import dev.pier.image.spec.Descriptor;

/** A named image in the local store: its normalised name and the manifest (or index) it points at. */
public record StoredImage(String name, Descriptor manifest) {}
