package dev.pier.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Compact JSON Web Tokens signed with ES256 (ECDSA P-256, SHA-256, the signature as R||S) by the
 * JDK's own {@link Signature}. Only ES256 is accepted on verification: a token that names another
 * algorithm, {@code none} included, is refused.
 */
public final class Jwt {
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_TOKEN = 16 * 1024;

    private Jwt() {}

    /** Signs {@code claims}; the header carries {@code kid}, the key's id. */
    public static String sign(ObjectNode claims, PrivateKey key, String kid) {
        ObjectNode header = Json.mapper().createObjectNode().put("typ", "JWT").put("alg", "ES256").put("kid", kid);
        String input = B64.encodeToString(Json.write(header)) + "." + B64.encodeToString(Json.write(claims));
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }

    /** The claims of {@code token} if its ES256 signature verifies with {@code key}; otherwise null. Expiry and audience are the caller's to check. */
    public static JsonNode verify(String token, PublicKey key) {
        if (token.length() > MAX_TOKEN) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = Json.tree(d.decode(parts[0]), "token header");
            if (!"ES256".equals(header.path("alg").asText())) {
                return null;
            }
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(d.decode(parts[2]))) {
                return null;
            }
            JsonNode claims = Json.tree(d.decode(parts[1]), "token claims");
            return claims.isObject() ? claims : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** A short id for {@code key}: the first 16 bytes of the SHA-256 of its encoding, base64url. */
    public static String keyId(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return B64.encodeToString(java.util.Arrays.copyOf(h, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
