package dev.pier.image.sign;

import dev.pier.image.artifact.Artifact;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * One cosign signature: the payload's exact bytes and the base64 ECDSA signature over them
 * (SHA-256, ASN.1 DER, as cosign makes with a P-256 key). In a signature manifest it is a layer of
 * media type {@link SimpleSigningPayload#MEDIA_TYPE} whose annotation {@link #ANNOTATION} holds the
 * signature.
 */
public record CosignSignature(byte[] payload, String base64Signature) {
    /** The layer annotation that holds the base64 signature. */
    public static final String ANNOTATION = "dev.cosignproject.cosign/signature";
    private static final String ALGORITHM = "SHA256withECDSA";

    public CosignSignature {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Signs the payload's bytes with {@code key}. */
    public static CosignSignature sign(SimpleSigningPayload payload, PrivateKey key) {
        byte[] bytes = payload.bytes();
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(bytes);
            return new CosignSignature(bytes, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new SignatureException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Whether the signature is valid for the payload's bytes under {@code key}; malformed signatures are not. */
    public boolean verifiedBy(PublicKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(payload);
            return s.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The payload as a signature manifest's layer, the signature in its annotation. */
    public Artifact.Blob layer() {
        return Artifact.Blob.of(SimpleSigningPayload.MEDIA_TYPE, payload).withAnnotations(Map.of(ANNOTATION, base64Signature));
    }
}
