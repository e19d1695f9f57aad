package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a Java type maps to JSON in Pier's documents, worked out once per type from the same
 * annotations Jackson reads ({@code @JsonProperty} names, {@code @JsonInclude} of a component or
 * its record, {@code @JsonValue} and {@code @JsonCreator} of value classes). {@link Json} reads and
 * writes the types that have a binding with Jackson's streaming parser and generator alone: Jackson's
 * data binding costs a JVM tens of milliseconds of start-up (the mapper, then introspection per type),
 * which every short-lived command paid. A type without a binding ({@link #of} is empty: a class that
 * is not a record, a value class or a JDK type listed here, an inclusion rule other than
 * always/non-null/non-empty, a record with getters Jackson would also write) goes through
 * Jackson's data binding, so both give the same bytes and the same values.
 */
sealed interface JsonBinding {
    /** A string. */
    record Text() implements JsonBinding {}

    /** A boolean; a primitive reads null as false. */
    record Bool(boolean primitive) implements JsonBinding {}

    /** A number of Java type {@code type} (int, long, short, byte, double or float, primitive or boxed, or a BigInteger). */
    record Numeric(Class<?> type) implements JsonBinding {}

    /** A JSON array read into a list (or a set). */
    record Sequence(JsonBinding element, boolean set) implements JsonBinding {}

    /** A JSON object with string keys, written sorted by key. */
    record Dictionary(JsonBinding value) implements JsonBinding {}

    /** A Jackson tree ({@link JsonNode}). */
    record Tree() implements JsonBinding {}

    /**
     * {@code Object}: read as Jackson reads untyped values (maps, lists, strings, numbers,
     * booleans), written by the value's own type.
     */
    record Any() implements JsonBinding {}

    /** An enum: written as its {@code @JsonValue} or its name, read from either. */
    record Enumeration(Class<?> type, Map<String, Object> byText, Map<Object, String> texts) implements JsonBinding {}

    /** A value class written as its {@code @JsonValue} method's result and read by its {@code @JsonCreator}. */
    record Delegating(Class<?> type, Method value, JsonBinding valueBinding, Executable creator, JsonBinding argument)
            implements JsonBinding {}

    /** One record component as a JSON property. */
    record Property(String name, Method accessor, JsonBinding binding, JsonInclude.Include include, Class<?> raw) {}

    /** A record: its components in declaration order, read through its canonical constructor. */
    final class Structure implements JsonBinding {
        final Class<?> type;
        Constructor<?> constructor;
        List<Property> properties;
        Map<String, Integer> index;

        Structure(Class<?> type) {
            this.type = type;
        }
    }

    /** The binding of {@code type}, or empty when Jackson's data binding must serve it. */
    static Optional<JsonBinding> of(Type type) {
        return Optional.ofNullable(Resolver.resolve(type));
    }

    /** Works bindings out and keeps them; a type seen without a binding is remembered too. */
    final class Resolver {
        private static final Map<Type, Optional<JsonBinding>> CACHE = new ConcurrentHashMap<>();
        private static final JsonBinding TEXT = new Text();

        private Resolver() {}

        static JsonBinding resolve(Type type) {
            Optional<JsonBinding> known = CACHE.get(type);
            if (known != null) {
                return known.orElse(null);
            }
            // records may refer to themselves: the work in progress is visible to the recursion
            Map<Type, JsonBinding> pending = new HashMap<>();
            JsonBinding b = resolve(type, pending);
            CACHE.put(type, Optional.ofNullable(b));
            if (b != null) {   // every record met on the way is complete: the next document needs them again
                pending.forEach((t, s) -> CACHE.putIfAbsent(t, Optional.of(s)));
            }
            return b;
        }

        private static JsonBinding resolve(Type type, Map<Type, JsonBinding> pending) {
            Optional<JsonBinding> known = CACHE.get(type);
            if (known != null) {
                return known.orElse(null);
            }
            if (pending.containsKey(type)) {
                return pending.get(type);
            }
            if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                return container(raw, p.getActualTypeArguments(), pending);
            }
            return type instanceof Class<?> c ? plain(c, pending) : null;
        }

        private static JsonBinding container(Class<?> raw, Type[] args, Map<Type, JsonBinding> pending) {
            if ((raw == List.class || raw == Collection.class || raw == Set.class) && args.length == 1) {
                JsonBinding element = resolve(args[0], pending);
                return element == null ? null : new Sequence(element, raw == Set.class);
            }
            if (raw == Map.class && args.length == 2 && args[0] == String.class) {
                JsonBinding value = resolve(args[1], pending);
                return value == null ? null : new Dictionary(value);
            }
            return null;
        }

        private static JsonBinding plain(Class<?> c, Map<Type, JsonBinding> pending) {
            if (c == String.class) {
                return TEXT;
            }
            if (c == boolean.class || c == Boolean.class) {
                return new Bool(c.isPrimitive());
            }
            if (c == int.class || c == long.class || c == short.class || c == byte.class || c == double.class || c == float.class
                    || c == Integer.class || c == Long.class || c == Short.class || c == Byte.class || c == Double.class || c == Float.class
                    || c == java.math.BigInteger.class) {
                return new Numeric(c);
            }
            if (c == JsonNode.class) {
                return new Tree();
            }
            if (c == Object.class) {
                return new Any();
            }
            if (c.isEnum()) {
                return enumeration(c);
            }
            if (valueMethod(c) != null) {
                return delegating(c, pending);
            }
            if (c.isRecord()) {   // public or not, as Jackson: Pier's classes are all in the unnamed module
                Structure s = new Structure(c);
                pending.put(c, s);
                return structure(s, pending) ? s : null;
            }
            return null;
        }

        private static JsonBinding enumeration(Class<?> c) {
            Method value = valueMethod(c);
            if (value == null && hasPropertyNames(c)) {
                return null;
            }
            Map<String, Object> byText = new LinkedHashMap<>();
            Map<Object, String> texts = new HashMap<>();
            for (Object constant : c.getEnumConstants()) {
                String text = value == null ? ((Enum<?>) constant).name() : String.valueOf(invoke(value, constant));
                byText.put(text, constant);
                texts.put(constant, text);
            }
            return new Enumeration(c, byText, texts);
        }

        private static boolean hasPropertyNames(Class<?> c) {
            for (var f : c.getFields()) {
                if (f.isEnumConstant() && f.isAnnotationPresent(JsonProperty.class)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean structure(Structure s, Map<Type, JsonBinding> pending) {
            Class<?> c = s.type;
            JsonInclude classRule = c.getAnnotation(JsonInclude.class);
            JsonInclude.Include fallbackRule = classRule == null ? JsonInclude.Include.ALWAYS : classRule.value();
            if (!supported(classRule) || hasExtraGetters(c) || valueMethod(c) != null || creator(c) != null) {
                return false;
            }
            RecordComponent[] components = c.getRecordComponents();
            List<Property> properties = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            Class<?>[] types = new Class<?>[components.length];
            for (RecordComponent rc : components) {
                Method accessor = rc.getAccessor();
                accessor.setAccessible(true);
                JsonInclude rule = annotation(c, rc, JsonInclude.class);
                JsonProperty named = annotation(c, rc, JsonProperty.class);
                JsonBinding b = resolve(rc.getGenericType(), pending);
                if (b == null || !supported(rule) || annotation(c, rc, JsonIgnore.class) != null) {
                    return false;
                }
                String name = named != null && !named.value().isEmpty() ? named.value() : rc.getName();
                JsonInclude.Include include = rule == null || rule.value() == JsonInclude.Include.USE_DEFAULTS ? fallbackRule : rule.value();
                index.put(name, properties.size());
                types[properties.size()] = rc.getType();
                properties.add(new Property(name, accessor, b, include, rc.getType()));
            }
            try {
                s.constructor = c.getDeclaredConstructor(types);
                s.constructor.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
            s.properties = List.copyOf(properties);
            s.index = Map.copyOf(index);
            return true;
        }

        private static boolean supported(JsonInclude rule) {
            if (rule == null) {
                return true;
            }
            boolean value = switch (rule.value()) {
                case ALWAYS, NON_NULL, NON_EMPTY, USE_DEFAULTS -> true;
                default -> false;
            };
            return value && (rule.content() == JsonInclude.Include.USE_DEFAULTS || rule.content() == JsonInclude.Include.ALWAYS)
                    && rule.valueFilter() == Void.class && rule.contentFilter() == Void.class;
        }

        /** Jackson also writes public getX()/isX() methods of a record; such records stay with Jackson. */
        private static boolean hasExtraGetters(Class<?> c) {
            Set<String> accessors = new java.util.HashSet<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                accessors.add(rc.getName());
            }
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class
                        || m.getDeclaringClass() == Record.class || accessors.contains(m.getName())) {
                    continue;
                }
                String n = m.getName();
                boolean getter = n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class
                        || n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class;
                // a getter named after a component joins that component's property (Jackson writes the component)
                boolean joins = getter && accessors.contains(implicitName(n.substring(n.startsWith("is") ? 2 : 3)));
                if ((getter && !joins || m.isAnnotationPresent(JsonProperty.class)) && !m.isAnnotationPresent(JsonIgnore.class)) {
                    return true;
                }
            }
            return false;
        }

        /** Jackson's default getter naming: the leading capitals lower-cased ("URLPath" is "urlpath"). */
        private static String implicitName(String suffix) {
            StringBuilder b = new StringBuilder(suffix);
            for (int i = 0; i < b.length() && Character.isUpperCase(b.charAt(i)); i++) {
                b.setCharAt(i, Character.toLowerCase(b.charAt(i)));
            }
            return b.toString();
        }

        /** A class with {@code @JsonValue} and a one-argument {@code @JsonCreator}. */
        private static JsonBinding delegating(Class<?> c, Map<Type, JsonBinding> pending) {
            Method value = valueMethod(c);
            Executable creator = creator(c);
            if (value == null || creator == null || creator.getParameterCount() != 1) {
                return null;
            }
            JsonCreator.Mode mode = creator.getAnnotation(JsonCreator.class).mode();
            if (mode == JsonCreator.Mode.PROPERTIES || mode == JsonCreator.Mode.DISABLED) {
                return null;
            }
            JsonBinding valueBinding = resolve(value.getGenericReturnType(), pending);
            JsonBinding argument = resolve(creator.getGenericParameterTypes()[0], pending);
            if (valueBinding == null || argument == null) {
                return null;
            }
            creator.setAccessible(true);
            value.setAccessible(true);
            return new Delegating(c, value, valueBinding, creator, argument);
        }

        private static Method valueMethod(Class<?> c) {
            for (Method m : c.getMethods()) {
                JsonValue v = m.getAnnotation(JsonValue.class);
                if (v != null && v.value() && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())) {
                    return m;
                }
            }
            return null;
        }

        private static Executable creator(Class<?> c) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.isAnnotationPresent(JsonCreator.class)) {
                    return m;
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (k.isAnnotationPresent(JsonCreator.class)) {
                    return k;
                }
            }
            return null;
        }

        /** Jackson's annotations do not target record components: they land on the accessor and the field. */
        private static <A extends java.lang.annotation.Annotation> A annotation(Class<?> c, RecordComponent rc, Class<A> type) {
            A a = rc.getAccessor().getAnnotation(type);
            if (a != null) {
                return a;
            }
            try {
                return c.getDeclaredField(rc.getName()).getAnnotation(type);
            } catch (NoSuchFieldException e) {
                return null;
            }
        }

        private static Object invoke(Method m, Object target) {
            try {
                m.setAccessible(true);
                return m.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
