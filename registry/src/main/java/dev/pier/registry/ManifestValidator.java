package dev.pier.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a pushed manifest before it is stored: well-formed JSON, a known or declared media type
 * that agrees with the document's own {@code mediaType}, well-formed descriptors. Returns what the
 * manifest references so the caller can check that those blobs and manifests exist.
 */
final class ManifestValidator {

    /**
     * A validated manifest.
     *
     * @param mediaType the effective media type (Content-Type, else the document's own, else detected)
     * @param blobs blobs that must exist in the repository (config and layers, foreign layers excluded)
     * @param manifests child manifests that must exist in the repository (of an index)
     * @param subject the manifest this one refers to, or null
     * @param artifactType the referrers API's artifactType: the manifest's own, else its config's media type
     */
    record Result(String mediaType, List<Descriptor> blobs, List<Descriptor> manifests, Descriptor subject,
                  String artifactType, Map<String, String> annotations) {}

    private ManifestValidator() {}

    static Result validate(byte[] bytes, String contentType) {
        JsonNode doc;
        try {
            doc = Json.tree(bytes, "manifest");
        } catch (PierException e) {
            throw invalid(e.getMessage());
        }
        if (!doc.isObject()) {
            throw invalid("the manifest is not a JSON object");
        }
        String declared = text(doc, "mediaType");
        String type = contentType == null || contentType.isBlank() ? null : stripParameters(contentType);
        if (type != null && declared != null && !type.equals(declared)) {
            throw invalid("Content-Type " + type + " does not match the manifest's mediaType " + declared);
        }
        if (type == null) {
            type = declared;
        }
        if (type == null) {
            type = doc.has("manifests") ? MediaType.OCI_INDEX : doc.has("config") ? MediaType.OCI_MANIFEST : null;
        }
        if (type == null) {
            throw invalid("no media type: send Content-Type or a mediaType field");
        }
        if (type.startsWith("application/vnd.docker.distribution.manifest.v1")) {
            throw invalid("Docker schema 1 manifests are not supported");
        }
        Map<String, String> annotations = annotations(doc);
        Descriptor subject = doc.has("subject") ? descriptor(doc.get("subject"), "subject") : null;
        if (MediaType.isImageManifest(type)) {
            schemaVersion2(doc);
            if (!doc.hasNonNull("config")) {
                throw invalid("an image manifest needs a config descriptor");
            }
            Descriptor config = descriptor(doc.get("config"), "config");
            List<Descriptor> blobs = new ArrayList<>();
            blobs.add(config);
            JsonNode layers = doc.get("layers");
            if (layers != null && !layers.isNull()) {
                if (!layers.isArray()) {
                    throw invalid("layers is not an array");
                }
                for (JsonNode l : layers) {
                    Descriptor d = descriptor(l, "layer");
                    if (d.urls().isEmpty()) {
                        blobs.add(d);
                    }
                }
            } else if (MediaType.DOCKER_MANIFEST.equals(type)) {
                throw invalid("layers missing");
            }
            String artifactType = text(doc, "artifactType");
            return new Result(type, blobs, List.of(), subject, artifactType != null ? artifactType : config.mediaType(), annotations);
        }
        if (MediaType.isIndex(type)) {
            schemaVersion2(doc);
            JsonNode ms = doc.get("manifests");
            if (ms == null || !ms.isArray()) {
                throw invalid("an index needs a manifests array");
            }
            List<Descriptor> children = new ArrayList<>();
            for (JsonNode m : ms) {
                children.add(descriptor(m, "manifests[]"));
            }
            return new Result(type, List.of(), children, subject, text(doc, "artifactType"), annotations);
        }
        // Another declared type (an artifact's own manifest format): stored as given, unchecked beyond JSON.
        return new Result(type, List.of(), List.of(), subject, text(doc, "artifactType"), annotations);
    }

    private static void schemaVersion2(JsonNode doc) {
        JsonNode v = doc.get("schemaVersion");
        if (v == null || !v.isInt() || v.intValue() != 2) {
            throw invalid("schemaVersion must be 2");
        }
    }

    private static Descriptor descriptor(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw invalid(what + " is not a descriptor");
        }
        if (!node.path("mediaType").isTextual() || !node.path("digest").isTextual() || !node.path("size").canConvertToLong()) {
            throw invalid(what + ": a descriptor needs mediaType, digest and size");
        }
        try {
            Descriptor d = Json.mapper().treeToValue(node, Descriptor.class);
            if (d.size() < 0) {
                throw invalid(what + ": negative size");
            }
            return d;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException | PierException e) {
            throw invalid(what + ": " + e.getMessage());
        }
    }

    private static Map<String, String> annotations(JsonNode doc) {
        JsonNode a = doc.get("annotations");
        if (a == null || a.isNull()) {
            return Map.of();
        }
        if (!a.isObject()) {
            throw invalid("annotations is not an object");
        }
        Map<String, String> out = new java.util.TreeMap<>();
        a.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw invalid("annotation " + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    static String stripParameters(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    private static RegistryError invalid(String message) {
        return RegistryError.of(RegistryError.Code.MANIFEST_INVALID, message);
    }
}
