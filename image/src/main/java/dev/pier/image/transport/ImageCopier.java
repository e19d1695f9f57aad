package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.Platform;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies an image or an index from a source to a destination, transport to transport. Blobs the
 * destination has are skipped; the others stream in parallel. When nothing needs converting the
 * manifest bytes are passed on unchanged, so the manifest digest is kept. A destination that
 * requires uncompressed layers (docker-archive) gets them decompressed and a new OCI manifest.
 */
public final class ImageCopier {
    private final ImageSource source;
    private final ImageDestination destination;
    private final CopyOptions options;
    private final CopyListener listener;
    private final AtomicInteger copied = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    /** Manifests written unchanged, whose referrers may follow them. */
    private final List<Descriptor> subjects = new ArrayList<>();
    private static final int MAX_REFERRER_DEPTH = 4;

    /** How a manifest is stored at the destination. */
    private enum Role { TOP, CHILD, REFERRER }

    private ImageCopier(ImageSource source, ImageDestination destination, CopyOptions options, CopyListener listener) {
        this.source = source;
        this.destination = destination;
        this.options = options;
        this.listener = listener;
    }

    /** Copies and commits; on failure nothing is committed under the destination's name. */
    public static CopyResult copy(ImageSource source, ImageDestination destination, CopyOptions options, CopyListener listener)
            throws IOException {
        return new ImageCopier(source, destination, options, listener).run();
    }

    private CopyResult run() throws IOException {
        destination.copyingFrom(source);
        RawManifest top = source.manifest();
        RawManifest written;
        if (top.isIndex() && options.all()) {
            if (!destination.acceptsIndex()) {
                throw new PierException(destination.describe() + " cannot hold an image index; copy one platform with --platform instead of --all");
            }
            written = copyIndex(top);
        } else if (top.isIndex()) {
            written = copyImage(source.manifest(selectPlatform(top)), Role.TOP);
        } else {
            written = copyImage(top, Role.TOP);
        }
        if (options.referrers()) {
            copyReferrers(List.copyOf(subjects), 0, new java.util.HashSet<>());
        }
        destination.commit();
        return new CopyResult(written.descriptor(), copied.get(), skipped.get(), bytes.get());
    }

    private Descriptor selectPlatform(RawManifest indexBytes) {
        ImageIndex index = indexBytes.asIndex();
        Platform wanted = options.platform().orElseGet(Platform::host);
        return index.forPlatform(wanted).orElseThrow(() -> new PierException(source.describe()
                + ": no image for platform " + wanted + " in the index (has: " + platforms(index)
                + "); choose one with --platform or copy them all with --all"));
    }

    private static String platforms(ImageIndex index) {
        return String.join(", ", index.manifests().stream()
                .map(d -> d.platform() == null ? d.digest().toString() : d.platform().toString()).toList());
    }

    private RawManifest copyIndex(RawManifest indexBytes) throws IOException {
        ImageIndex index = indexBytes.asIndex();
        List<Descriptor> children = new ArrayList<>();
        boolean changed = false;
        for (Descriptor child : index.manifests()) {
            RawManifest childBytes = source.manifest(child);
            RawManifest written = childBytes.isIndex() ? copyNestedIndex(childBytes) : copyImage(childBytes, Role.CHILD);
            changed |= !written.digest().equals(child.digest());
            children.add(new Descriptor(written.mediaType(), written.digest(), written.size(), child.urls(),
                    child.annotations(), child.platform(), child.artifactType(), null));
        }
        RawManifest out = changed ? RawManifest.of(index.withManifests(children)) : indexBytes;
        destination.putManifest(out, true);
        if (!changed) {
            subjects.add(out.descriptor());
        }
        listener.manifestWritten(out.descriptor());
        return out;
    }

    private RawManifest copyNestedIndex(RawManifest nested) throws IOException {
        for (Descriptor child : nested.asIndex().manifests()) {
            copyImage(source.manifest(child), Role.CHILD);
        }
        destination.putManifest(nested, false);
        return nested;
    }

    private RawManifest copyImage(RawManifest raw, Role role) throws IOException {
        Manifest m = raw.asManifest();
        Compression required = destination.requiredLayerCompression().orElse(null);
        boolean convert = required != null && m.layers().stream()
                .anyMatch(l -> Compression.fromMediaType(l.mediaType()) != required);
        List<Digest> diffIds = convert ? source.image(raw).config().rootfs().diffIds() : List.of();
        // The config moves with the layers, in parallel: a push where the registry has every
        // blob is then one round of concurrent HEADs.
        List<Descriptor> blobs = new ArrayList<>(m.layers().size() + 1);
        blobs.add(m.config());
        blobs.addAll(m.layers());
        List<Descriptor> copied = new ParallelBlobs(options.parallelism()).map(blobs, (i, blob) ->
                i == 0 || !convert ? copyBlob(blob) : convertLayer(blob, diffIds.get(i - 1), required));
        List<Descriptor> layers = copied.subList(1, copied.size());
        RawManifest out = convert ? convertedManifest(m, layers) : raw;
        if (role == Role.REFERRER) {
            destination.putReferrer(out);
        } else {
            destination.putManifest(out, role == Role.TOP);
        }
        if (!convert) {
            subjects.add(out.descriptor());
        }
        listener.manifestWritten(out.descriptor());
        return out;
    }

    /** Copies the referrers of each subject, then theirs, to a bounded depth, each manifest once. */
    private void copyReferrers(List<Descriptor> of, int depth, java.util.Set<Digest> seen) throws IOException {
        if (depth >= MAX_REFERRER_DEPTH || of.isEmpty()) {
            return;
        }
        subjects.clear();
        for (Descriptor subject : of) {
            for (Descriptor referrer : source.referrers(subject)) {
                if (MediaType.isImageManifest(referrer.mediaType()) && seen.add(referrer.digest())) {
                    copyImage(source.manifest(referrer), Role.REFERRER);
                }
            }
        }
        copyReferrers(List.copyOf(subjects), depth + 1, seen);
    }

    private Descriptor copyBlob(Descriptor d) throws IOException {
        if (d.size() < 0) {
            throw new PierException(source.describe() + ": blob " + d.digest() + ": invalid size " + d.size() + " in its descriptor");
        }
        if (destination.hasBlob(d)) {
            skipped.incrementAndGet();
            listener.blobSkipped(d);
            return d;
        }
        listener.blobStarted(d);
        var file = source.blobFile(d);
        if (file.isPresent()) {
            destination.putBlob(d, file.get());
        } else {
            try (var in = new ProgressInputStream(source.rawBlob(d), n -> listener.blobProgress(d, n))) {
                destination.putBlob(d, in);
            }
        }
        copied.incrementAndGet();
        bytes.addAndGet(d.size());
        listener.blobCopied(d);
        return d;
    }

    private Descriptor convertLayer(Descriptor layer, Digest diffId, Compression target) throws IOException {
        if (target != Compression.NONE) {
            throw new PierException(destination.describe() + ": recompressing layers to " + target + " is not supported");
        }
        var counting = new dev.pier.image.io.CountingInputStream(LayerStreams.decompressed(source.blob(layer), layer));
        try (counting) {
            destination.putBlob(Descriptor.of(MediaType.OCI_LAYER, diffId, -1), counting);
        }
        Descriptor out = Descriptor.of(MediaType.OCI_LAYER, diffId, counting.count());
        copied.incrementAndGet();
        bytes.addAndGet(out.size());
        listener.blobCopied(out);
        return out;
    }

    private static RawManifest convertedManifest(Manifest m, List<Descriptor> layers) {
        Descriptor config = m.config().withMediaType(MediaType.OCI_CONFIG);
        return RawManifest.of(new Manifest(2, MediaType.OCI_MANIFEST, m.artifactType(), config, layers, m.subject(), m.annotations()));
    }
}
