package dev.pier.image.remote.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The header fields of a response, looked up by name without regard to case (RFC 9110 §5.1). */
public record ResponseHeaders(Map<String, List<String>> fields) {

    public ResponseHeaders {
        Map<String, List<String>> copy = new TreeMap<>();
        fields.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        fields = Map.copyOf(copy);
    }

    /** Builds the headers of a response field by field, in the order they arrive. */
    static final class Builder {
        private final Map<String, List<String>> fields = new TreeMap<>();

        void add(String name, String value) {
            fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
        }

        ResponseHeaders build() {
            return new ResponseHeaders(fields);
        }
    }

    /** The first value of the field, if the response has it. */
    public Optional<String> firstValue(String name) {
        List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The first value of the field as a number; empty when it is absent or not a number. */
    public OptionalLong firstValueAsLong(String name) {
        Optional<String> v = firstValue(name);
        try {
            return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Every value of the field, in order. */
    public List<String> allValues(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
