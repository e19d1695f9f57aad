package dev.pier.image.sign;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cosign signature signs: the "simple signing" JSON of containers/image, with cosign's
 * {@code critical.type}. The signature covers the exact bytes of {@link #bytes()} (or, when
 * verifying, the bytes as stored), never a re-serialisation.
 *
 * @param dockerReference {@code critical.identity.docker-reference}: the repository the signer named
 *     (cosign writes the repository without tag); cosign's specification says verifiers ignore it
 * @param manifestDigest {@code critical.image.docker-manifest-digest}: the digest of the signed manifest
 * @param optional the {@code optional} claims ({@code -a KEY=VALUE}); empty is written as {@code null}, as cosign does
 */
public record SimpleSigningPayload(String dockerReference, Digest manifestDigest, Map<String, String> optional) {
    /** The media type of the payload blob, the signature manifest's layer. */
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    /** The value of {@code critical.type} that marks a cosign container image signature. */
    public static final String TYPE = "cosign container image signature";

    public SimpleSigningPayload {
        optional = optional == null ? Map.of() : new TreeMap<>(optional);
    }

    /**
     * The payload's bytes: compact JSON with the members in the order cosign writes them
     * (critical: identity, image, type; then optional), which is also sorted order.
     */
    public byte[] bytes() {
        return Json.write(new Document(new Critical(new Identity(dockerReference), new Image(manifestDigest.toString()), TYPE),
                optional.isEmpty() ? null : optional));
    }

    /**
     * Reads a payload as cosign's verifier does, and more strictly: {@code critical.type} must be
     * cosign's and the manifest digest well formed. {@code what} names the payload in messages.
     */
    public static SimpleSigningPayload parse(byte[] bytes, String what) {
        JsonNode doc = Json.tree(bytes, what);
        JsonNode critical = doc.path("critical");
        String type = critical.path("type").asText("");
        if (!TYPE.equals(type)) {
            throw new SignatureException(what + ": critical.type is \"" + type + "\", not \"" + TYPE + "\"");
        }
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        if (digest.isEmpty()) {
            throw new SignatureException(what + ": no critical.image.docker-manifest-digest");
        }
        Map<String, String> optional = new TreeMap<>();
        doc.path("optional").properties().forEach(e ->
                optional.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        return new SimpleSigningPayload(critical.path("identity").path("docker-reference").asText(""), Digest.parse(digest), optional);
    }

    private record Document(Critical critical, Map<String, String> optional) {}

    private record Critical(Identity identity, Image image, String type) {}

    private record Identity(@JsonProperty("docker-reference") String dockerReference) {}

    private record Image(@JsonProperty("docker-manifest-digest") String dockerManifestDigest) {}
}
