package dev.pier.image.sign;

import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.ImageSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the signatures a cosign signature manifest holds: its layers of simple-signing payloads. */
final class SignatureReader {
    /** Largest payload read; cosign's are a few hundred bytes. */
    static final long MAX_PAYLOAD_BYTES = 64 * 1024;

    private SignatureReader() {}

    /**
     * The signatures of {@code manifest}, read through {@code source}: each payload verified against
     * its layer's digest and size; layers of other media types or without the annotation are skipped.
     */
    static List<CosignSignature> signatures(ImageSource source, RawManifest manifest) throws IOException {
        List<CosignSignature> out = new ArrayList<>();
        for (Descriptor layer : manifest.asManifest().layers()) {
            String signature = layer.annotations().get(CosignSignature.ANNOTATION);
            if (!SimpleSigningPayload.MEDIA_TYPE.equals(layer.mediaType()) || signature == null) {
                continue;
            }
            if (layer.size() > MAX_PAYLOAD_BYTES) {
                throw new SignatureException(source.describe() + ": signature payload " + layer.digest() + " of "
                        + layer.size() + " bytes is larger than " + MAX_PAYLOAD_BYTES);
            }
            out.add(new CosignSignature(source.smallBlob(layer), signature));
        }
        return out;
    }
}
