package dev.pier.image.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pier.image.PierException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one JSON mapper of Pier. Writing is deterministic: record components in declaration order,
 * map entries sorted by key, no insignificant whitespace, so equal input gives equal bytes and
 * equal digests. Reading tolerates unknown fields (specs grow) and bounds nesting and sizes.
 */
public final class Json {
    /** Largest manifest, index or config Pier reads into memory. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    /** Jackson's streaming factory: no data binding, so it costs a command nothing to set up. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).maxStringLength(MAX_DOCUMENT_BYTES).build())
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** The data-binding mapper, made on first use: only types without a {@link JsonBinding} need it. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY.copy())
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(SerializationFeature.INDENT_OUTPUT, false)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .build();
    }

    private Json() {}

    /**
     * Does now what the first document read would wait for: BigDecimal's class initialisation,
     * which Jackson's parser needs (it computes 5^65536 on JDK 25, 10-15 ms interpreted). A
     * command's main method calls this first thing on a thread of its own, so that the work
     * overlaps the command line's parsing.
     */
    public static void prepareParser() {
        java.math.BigDecimal.ONE.signum();
    }

    /**
     * Does now what reading or writing each of {@code documents} would first wait for: its binding
     * (reflection on its records and annotations, where every annotation type costs a proxy class:
     * 5-10 ms for an index, a manifest and a config). For a command's start-up thread, like
     * {@link #prepareParser}; a document the command reaches first is bound by the command itself,
     * to the same result.
     */
    public static void prepareBindings(Class<?>... documents) {
        for (Class<?> type : documents) {
            JsonBinding.of(type);
        }
    }

    /** Deterministic compact JSON bytes. */
    public static byte[] write(Object value) {
        return bound(value, false).orElseGet(() -> {
            try {
                return mapper().writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
            }
        });
    }

    /** Indented JSON for people (command output), not for digests. */
    public static String pretty(Object value) {
        return bound(value, true).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElseGet(() -> {
            try {
                return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
            }
        });
    }

    /** Writes through the value's binding, when it has one (see {@link JsonBinding}). */
    private static Optional<byte[]> bound(Object value, boolean pretty) {
        JsonBinding b = value == null ? null : JsonBinding.of(value.getClass()).orElse(null);
        if (b == null) {
            return Optional.empty();
        }
        try {
            var out = new java.io.ByteArrayOutputStream(256);
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                if (pretty) {
                    g.setPrettyPrinter(new DefaultPrettyPrinter());
                }
                JsonBindingWriter.write(g, b, value);
            }
            return Optional.of(out.toByteArray());
        } catch (JsonBindingWriter.Unbound e) {
            return Optional.empty();   // the mapper writes it
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code bytes} as {@code type}; {@code what} names the document in the error message. */
    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new PierException(what + ": document of " + bytes.length + " bytes exceeds the limit of " + MAX_DOCUMENT_BYTES);
        }
        try {
            T value = bound(bytes, type).orElseGet(() -> mapped(bytes, type));
            if (value == null) {
                throw new PierException(what + ": malformed JSON: the document is null");
            }
            return value;
        } catch (IOException | IllegalArgumentException | JsonBindingReader.Mismatch e) {
            throw new PierException(what + ": malformed JSON: " + firstLine(e), e);
        } catch (UncheckedIOException e) {
            throw new PierException(what + ": malformed JSON: " + firstLine(e.getCause()), e.getCause());
        }
    }

    /** Reads through the type's binding, when it has one (see {@link JsonBinding}). */
    private static <T> Optional<T> bound(byte[] bytes, Class<T> type) throws IOException {
        Optional<JsonBinding> b = JsonBinding.of(type);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonBindingReader.Mismatch("No content to map due to end-of-input");
            }
            Object value = JsonBindingReader.read(p, b.get());
            if (p.nextToken() != null) {
                throw new JsonBindingReader.Mismatch("Trailing token (of type " + p.currentToken() + ") found after value");
            }
            return Optional.ofNullable(type.cast(value));
        }
    }

    private static <T> T mapped(byte[] bytes, Class<T> type) {
        try {
            return mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(byte[] bytes, String what) {
        return read(bytes, JsonNode.class, what);
    }

    /** The data-binding mapper, for trees and generic types; it costs its first user tens of milliseconds. */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
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
