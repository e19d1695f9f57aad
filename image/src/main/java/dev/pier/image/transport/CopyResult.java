package dev.pier.image.transport;

import dev.pier.image.spec.Descriptor;

/** What a copy wrote: the top-level manifest's descriptor and how many blobs moved or were already there. */
public record CopyResult(Descriptor manifest, int blobsCopied, int blobsSkipped, long bytesCopied) {}
