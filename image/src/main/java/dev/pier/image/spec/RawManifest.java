package dev.pier.image.spec;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.util.Arrays;

/**
 * A manifest or index exactly as stored or sent, with its media type and the digest of those
 * bytes. Pier hashes and forwards these bytes; the parsed forms are views of them.
 */
public record RawManifest(byte[] bytes, String mediaType, Digest digest) {

    public RawManifest {
        bytes = bytes.clone();
    }

    /** Wraps bytes Pier just read, computing their sha256 digest and detecting the media type if none is given. */
    public static RawManifest of(byte[] bytes, String mediaTypeOrNull) {
        String type = mediaTypeOrNull == null || mediaTypeOrNull.isBlank() ? detectMediaType(bytes) : mediaTypeOrNull;
        return new RawManifest(bytes, type, Digest.sha256(bytes));
    }

    /** Serialises a manifest Pier made itself. */
    public static RawManifest of(Manifest m) {
        return of(Json.write(m), m.mediaType());
    }

    public static RawManifest of(ImageIndex i) {
        return of(Json.write(i), i.mediaType());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public long size() {
        return bytes.length;
    }

    public boolean isIndex() {
        return MediaType.isIndex(mediaType);
    }

    public Manifest asManifest() {
        if (!MediaType.isImageManifest(mediaType)) {
            throw new PierException("manifest " + digest + " is a " + mediaType + ", not an image manifest");
        }
        Manifest m = Json.read(bytes, Manifest.class, "manifest " + digest);
        if (m.config() == null) {
            throw new PierException("manifest " + digest + ": malformed: no config descriptor");
        }
        return m;
    }

    public ImageIndex asIndex() {
        if (!isIndex()) {
            throw new PierException("manifest " + digest + " is a " + mediaType + ", not an image index");
        }
        return Json.read(bytes, ImageIndex.class, "index " + digest);
    }

    /** A descriptor of these bytes. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** Reads the mediaType field, or guesses from the shape as the distribution spec allows. */
    static String detectMediaType(byte[] bytes) {
        var node = Json.tree(bytes, "manifest");
        var mt = node.get("mediaType");
        if (mt != null && mt.isTextual()) {
            return mt.asText();
        }
        if (node.has("manifests")) {
            return MediaType.OCI_INDEX;
        }
        if (node.has("config") && node.has("layers")) {
            return MediaType.OCI_MANIFEST;
        }
        throw new PierException("manifest: unknown document, neither an image manifest nor an index");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawManifest r && Arrays.equals(bytes, r.bytes) && mediaType.equals(r.mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "RawManifest[" + mediaType + " " + digest + "]";
    }
}
