package dev.pier.image.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.JsonBinding.Any;
import dev.pier.image.spec.JsonBinding.Bool;
import dev.pier.image.spec.JsonBinding.Delegating;
import dev.pier.image.spec.JsonBinding.Dictionary;
import dev.pier.image.spec.JsonBinding.Enumeration;
import dev.pier.image.spec.JsonBinding.Numeric;
import dev.pier.image.spec.JsonBinding.Sequence;
import dev.pier.image.spec.JsonBinding.Structure;
import dev.pier.image.spec.JsonBinding.Text;
import dev.pier.image.spec.JsonBinding.Tree;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a value through its {@link JsonBinding} from Jackson's parser, with the leniency of
 * {@link Json}'s mapper: unknown properties skipped, a missing or null primitive is zero, scalars
 * coerced between strings, numbers and booleans as Jackson does by default, the last of duplicate
 * properties wins. Mismatches throw {@link Mismatch}, and so does a constructor or creator that
 * refuses the value (its exception is the cause, its message the message).
 */
final class JsonBindingReader {
    /** The document does not fit the type. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message, null, false, false);
        }

        Mismatch(Throwable cause) {
            super(String.valueOf(cause.getMessage()), cause, false, false);
        }
    }

    private JsonBindingReader() {}

    /** Reads the value at the parser's current token. */
    static Object read(JsonParser p, JsonBinding b) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL && !(b instanceof Tree)) {
            return nullOf(b);
        }
        // instanceof rather than a pattern switch: each of those spins a class on its first run
        if (b instanceof Text) {
            return text(p, t);
        } else if (b instanceof Bool) {
            return bool(p, t);
        } else if (b instanceof Numeric n) {
            return number(p, t, n.type());
        } else if (b instanceof Sequence s) {
            return sequence(p, t, s);
        } else if (b instanceof Dictionary d) {
            return dictionary(p, t, d);
        } else if (b instanceof Tree) {
            return tree(p, t);
        } else if (b instanceof Any) {
            return untyped(p, t);
        } else if (b instanceof Enumeration e) {
            return enumeration(p, t, e);
        } else if (b instanceof Delegating d) {
            return create(d.creator(), read(p, d.argument()));
        }
        return structure(p, t, (Structure) b);
    }

    private static Object nullOf(JsonBinding b) {
        if (b instanceof Bool bool && bool.primitive()) {
            return false;
        }
        return b instanceof Numeric n && n.type().isPrimitive() ? zero(n.type()) : null;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue()) {
            return p.getText();
        }
        throw mismatch("java.lang.String", t);
    }

    private static Boolean bool(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_STRING && (p.getText().equals("true") || p.getText().equals("false"))) {
            return Boolean.valueOf(p.getText());
        }
        throw mismatch("boolean", t);
    }

    private static Object number(JsonParser p, JsonToken t, Class<?> type) throws IOException {
        Number n = switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_STRING -> parse(p.getText().trim(), type);
            default -> throw mismatch(type.getName(), t);
        };
        if (n == null) {
            return type.isPrimitive() ? zero(type) : null;
        }
        return convert(n, t == JsonToken.VALUE_NUMBER_FLOAT, type);
    }

    private static Number parse(String s, Class<?> type) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return floating(type) ? (Number) Double.valueOf(s) : (Number) new java.math.BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new Mismatch("Cannot deserialize value of type `" + type.getName() + "` from String \"" + s + "\": not a valid number");
        }
    }

    private static boolean floating(Class<?> type) {
        return type == double.class || type == Double.class || type == float.class || type == Float.class;
    }

    private static Object convert(Number n, boolean fraction, Class<?> type) {
        if (floating(type)) {
            return type == float.class || type == Float.class ? (Object) n.floatValue() : (Object) n.doubleValue();
        }
        if (type == java.math.BigInteger.class) {
            return n instanceof java.math.BigInteger b ? b : new java.math.BigDecimal(n.toString()).toBigInteger();
        }
        long whole;
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            whole = n.longValue();
        } else {
            try {   // Jackson accepts a fraction for an integer and truncates it
                whole = new java.math.BigDecimal(n.toString()).toBigInteger().longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new Mismatch("Numeric value (" + n + ") out of range of " + type.getSimpleName());
            }
        }
        long[] range = range(type);
        if (whole < range[0] || whole > range[1]) {
            throw new Mismatch("Numeric value (" + n + ") out of range of " + type.getSimpleName());
        }
        if (type == int.class || type == Integer.class) {
            return (int) whole;
        }
        if (type == short.class || type == Short.class) {
            return (short) whole;
        }
        return type == byte.class || type == Byte.class ? (Object) (byte) whole : (Object) whole;
    }

    private static long[] range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
        }
        if (type == short.class || type == Short.class) {
            return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
        }
        if (type == byte.class || type == Byte.class) {
            return new long[] {Byte.MIN_VALUE, 255};   // Jackson reads bytes up to 255 (unsigned)
        }
        return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    }

    private static Object zero(Class<?> type) {
        return convert(0, false, type);
    }

    private static Collection<Object> sequence(JsonParser p, JsonToken t, Sequence s) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw mismatch(s.set() ? "java.util.HashSet" : "java.util.ArrayList", t);
        }
        Collection<Object> values = s.set() ? new HashSet<>() : new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(read(p, s.element()));
        }
        return values;
    }

    private static Map<String, Object> dictionary(JsonParser p, JsonToken t, Dictionary d) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw mismatch("java.util.LinkedHashMap", t);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            map.put(key, read(p, d.value()));
        }
        return map;
    }

    private static Object enumeration(JsonParser p, JsonToken t, Enumeration e) throws IOException {
        if (t == JsonToken.VALUE_STRING && e.byText().containsKey(p.getText())) {
            return e.byText().get(p.getText());
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {   // Jackson accepts an enum's index
            Object[] constants = e.type().getEnumConstants();
            int i = p.getIntValue();
            if (i >= 0 && i < constants.length) {
                return constants[i];
            }
        }
        throw new Mismatch("Cannot deserialize value of type `" + e.type().getName() + "` from " + describe(p, t)
                + ": not one of the values accepted for Enum class: " + e.byText().keySet());
    }

    private static Object structure(JsonParser p, JsonToken t, Structure s) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw mismatch(s.type.getName(), t);
        }
        Object[] args = new Object[s.properties.size()];
        boolean[] seen = new boolean[args.length];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer i = s.index.get(p.currentName());
            p.nextToken();
            if (i == null) {
                p.skipChildren();
            } else {
                args[i] = read(p, s.properties.get(i).binding());
                seen[i] = true;
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (!seen[i]) {
                args[i] = nullOf(s.properties.get(i).binding());
            }
        }
        return create(s.constructor, args);
    }

    private static Object create(java.lang.reflect.Executable creator, Object... args) {
        try {
            return creator instanceof Constructor<?> k ? k.newInstance(args) : ((Method) creator).invoke(null, args);
        } catch (InvocationTargetException e) {   // a record's or a creator's validation refused the value
            throw new Mismatch(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An untyped value as Jackson reads one: maps, lists, strings, ints/longs/big integers, doubles, booleans. */
    private static Object untyped(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    map.put(key, untyped(p, p.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                java.util.List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(untyped(p, e));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE, VALUE_FALSE -> t == JsonToken.VALUE_TRUE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            default -> throw new Mismatch("Unexpected token (" + t + ")");
        };
    }

    /** A tree as the mapper's readTree builds it (ints, longs, big integers, doubles). */
    static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, tree(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(tree(p, e));
                }
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> f.booleanNode(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> f.nullNode();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> f.numberNode(p.getIntValue());
                case LONG -> f.numberNode(p.getLongValue());
                default -> f.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
            default -> throw new Mismatch("Unexpected token (" + t + ")");
        };
    }

    private static Mismatch mismatch(String type, JsonToken t) throws IOException {
        return new Mismatch("Cannot deserialize value of type `" + type + "` from " + kind(t));
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING ? "String \"" + p.getText() + "\"" : kind(t);
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "Object value";
            case START_ARRAY -> "Array value";
            case VALUE_STRING -> "String value";
            case VALUE_NUMBER_INT -> "Integer value";
            case VALUE_NUMBER_FLOAT -> "Floating-point value";
            case VALUE_TRUE, VALUE_FALSE -> "Boolean value";
            default -> "token " + t;
        };
    }
}
