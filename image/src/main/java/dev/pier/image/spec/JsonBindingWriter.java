package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.JsonBinding.Any;
import dev.pier.image.spec.JsonBinding.Bool;
import dev.pier.image.spec.JsonBinding.Delegating;
import dev.pier.image.spec.JsonBinding.Dictionary;
import dev.pier.image.spec.JsonBinding.Enumeration;
import dev.pier.image.spec.JsonBinding.Numeric;
import dev.pier.image.spec.JsonBinding.Property;
import dev.pier.image.spec.JsonBinding.Sequence;
import dev.pier.image.spec.JsonBinding.Structure;
import dev.pier.image.spec.JsonBinding.Text;
import dev.pier.image.spec.JsonBinding.Tree;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a value through its {@link JsonBinding} with Jackson's generator, byte for byte as
 * {@link Json}'s mapper would: components in declaration order, map entries sorted by key, the
 * inclusion rules of each component. A value it cannot write as the mapper would (a tree node
 * of an unusual kind, emptiness of a tree) throws {@link Unbound}, and the caller asks the mapper.
 */
final class JsonBindingWriter {
    /** The value needs Jackson's data binding. */
    static final class Unbound extends RuntimeException {
        Unbound(String what) {
            super(what, null, false, false);
        }
    }

    private JsonBindingWriter() {}

    static void write(JsonGenerator g, JsonBinding b, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        // instanceof rather than pattern switches: each of those spins a class on its first run
        if (b instanceof Text) {
            g.writeString((String) value);
        } else if (b instanceof Bool) {
            g.writeBoolean((Boolean) value);
        } else if (b instanceof Numeric) {
            number(g, (Number) value);
        } else if (b instanceof Sequence s) {
            sequence(g, s, (Collection<?>) value);
        } else if (b instanceof Dictionary d) {
            dictionary(g, d, (Map<?, ?>) value);
        } else if (b instanceof Tree) {
            tree(g, (JsonNode) value);
        } else if (b instanceof Any) {
            untyped(g, value);
        } else if (b instanceof Enumeration e) {
            g.writeString(e.texts().get(value));
        } else if (b instanceof Delegating d) {
            write(g, d.valueBinding(), call(d.value(), value));
        } else {
            structure(g, (Structure) b, value);
        }
    }

    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Integer i) {
            g.writeNumber(i);
        } else if (n instanceof Long l) {
            g.writeNumber(l);
        } else if (n instanceof Double d) {
            g.writeNumber(d);
        } else if (n instanceof Float f) {
            g.writeNumber(f);
        } else if (n instanceof Short s) {
            g.writeNumber(s);
        } else if (n instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else {
            g.writeNumber(n.intValue());   // Byte: Jackson writes it as an int
        }
    }

    private static void sequence(JsonGenerator g, Sequence s, Collection<?> values) throws IOException {
        g.writeStartArray();
        for (Object v : values) {
            write(g, s.element(), v);
        }
        g.writeEndArray();
    }

    private static void dictionary(JsonGenerator g, Dictionary d, Map<?, ?> map) throws IOException {
        g.writeStartObject();
        Map<?, ?> sorted = map instanceof SortedMap<?, ?> ? map : new TreeMap<>(map);   // as Jackson: a sorted map stays as it is
        for (Map.Entry<?, ?> e : sorted.entrySet()) {
            g.writeFieldName((String) e.getKey());
            write(g, d.value(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void structure(JsonGenerator g, Structure s, Object record) throws IOException {
        g.writeStartObject();
        for (Property p : s.properties) {
            Object v = call(p.accessor(), record);
            if (included(p.include(), p.binding(), v)) {
                g.writeFieldName(p.name());
                write(g, p.binding(), v);
            }
        }
        g.writeEndObject();
    }

    /** An {@code Object}'s value, by its own type: what Jackson's untyped reading gives back. */
    private static void untyped(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof java.math.BigInteger) {
            number(g, (Number) value);
        } else if (value instanceof Collection<?> c) {
            sequence(g, new Sequence(ANY, false), c);
        } else if (value instanceof Map<?, ?> m && m.keySet().stream().allMatch(String.class::isInstance)) {
            dictionary(g, new Dictionary(ANY), m);
        } else {
            throw new Unbound("a value of " + value.getClass());
        }
    }

    private static final JsonBinding ANY = new Any();

    private static boolean included(JsonInclude.Include rule, JsonBinding b, Object v) {
        return switch (rule) {
            case NON_NULL -> v != null;
            case NON_EMPTY -> v != null && !empty(b, v);
            default -> true;
        };
    }

    /** Jackson's emptiness: empty strings, collections and maps; a value class by its value. */
    private static boolean empty(JsonBinding b, Object v) {
        if (v instanceof String s) {
            return s.isEmpty();
        } else if (v instanceof Collection<?> c) {
            return c.isEmpty();
        } else if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        } else if (v instanceof JsonNode) {
            throw new Unbound("emptiness of a tree");
        }
        return b instanceof Delegating d && empty(d.valueBinding(), call(d.value(), v));
    }

    private static void tree(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    tree(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : n) {
                    tree(g, e);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> treeNumber(g, n);
            default -> throw new Unbound("a tree node of type " + n.getNodeType());
        }
    }

    private static void treeNumber(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.numberType()) {
            case INT -> g.writeNumber(n.intValue());
            case LONG -> g.writeNumber(n.longValue());
            case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
            case DOUBLE -> g.writeNumber(n.doubleValue());
            case FLOAT -> g.writeNumber(n.floatValue());
            case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
        }
    }

    static Object call(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
