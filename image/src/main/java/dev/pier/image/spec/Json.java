package dev.pier.image.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pier.image.PierException;
import java.io.IOException;

/**
 * The one JSON mapper of Pier. Writing is deterministic: record components in declaration order,
 * map entries sorted by key, no insignificant whitespace, so equal input gives equal bytes and
 * equal digests. Reading tolerates unknown fields (specs grow) and bounds nesting and sizes.
 */
public final class Json {
    /** Largest manifest, index or config Pier reads into memory. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(MAX_DOCUMENT_BYTES).build());
    }

    private Json() {}

    /** Deterministic compact JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Indented JSON for people (command output), not for digests. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code bytes} as {@code type}; {@code what} names the document in the error message. */
    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new PierException(what + ": document of " + bytes.length + " bytes exceeds the limit of " + MAX_DOCUMENT_BYTES);
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new PierException(what + ": malformed JSON: the document is null");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new PierException(what + ": malformed JSON: " + firstLine(e), e);
        }
    }

    public static JsonNode tree(byte[] bytes, String what) {
        return read(bytes, JsonNode.class, what);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root instanceof com.fasterxml.jackson.databind.JsonMappingException) {
            root = root.getCause();
        }
        String m = String.valueOf(root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
