package dev.pier.build.run;

import dev.pier.image.PierException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@code RUN --mount=...}: a secret, a cache directory, or a bind of the build context or of a stage or image. */
public sealed interface RunMount {
    /** Where it appears in the container: an absolute path. */
    String target();

    /**
     * {@code type=secret}: a {@code --secret} file, read-only.
     *
     * @param id the secret's id
     * @param target its path ({@code /run/secrets/<id>} by default)
     * @param required whether a missing secret fails the step (otherwise it is skipped)
     */
    record Secret(String id, String target, boolean required) implements RunMount {}

    /**
     * {@code type=cache}: a directory kept between builds under the store root.
     *
     * @param id the cache's id (the target by default)
     * @param target the mount point
     */
    record Cache(String id, String target) implements RunMount {}

    /**
     * {@code type=bind,from=}: a path of another stage or image, read-only unless {@code rw}.
     *
     * @param from the stage or image
     * @param source the path inside it ({@code /} by default)
     * @param target the mount point
     * @param readWrite {@code rw}: the RUN may write there, on a copy that is thrown away after it (as BuildKit)
     */
    record Bind(String from, String source, String target, boolean readWrite) implements RunMount {}

    /**
     * {@code type=bind} without {@code from=}: a path of the build context (as .dockerignore leaves
     * it), read-only unless {@code rw}; the step's cache key covers its content, as BuildKit's does.
     *
     * @param source the path in the context ({@code .} by default)
     * @param target the mount point
     * @param readWrite {@code rw}: the RUN may write there, on a copy that is thrown away after it (as BuildKit)
     */
    record ContextBind(String source, String target, boolean readWrite) implements RunMount {}

    /** Parses one {@code --mount} value, e.g. {@code type=cache,target=/root/.m2}. */
    static RunMount parse(String value) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = (eq < 0 ? part : part.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
            k = switch (k) {
                case "dst", "destination" -> "target";
                case "src" -> "source";
                default -> k;
            };
            f.put(k, eq < 0 ? "true" : part.substring(eq + 1));
        }
        String type = f.getOrDefault("type", "bind");
        String target = f.get("target");
        switch (type) {
            case "secret" -> {
                String id = f.get("id");
                if (id == null && target == null) {
                    throw new PierException("--mount=" + value + ": a secret needs id= or target=");
                }
                id = id != null ? id : target.substring(target.lastIndexOf('/') + 1);
                String t = target != null ? absolute(target, value) : "/run/secrets/" + id;
                return new Secret(id, t, Boolean.parseBoolean(f.getOrDefault("required", "false")));
            }
            case "cache" -> {
                String t = absolute(required(target, "target", value), value);
                return new Cache(f.getOrDefault("id", t), t);
            }
            case "bind" -> {
                String from = f.get("from");
                boolean rw = Boolean.parseBoolean(f.getOrDefault("rw", f.getOrDefault("readwrite", "false")));
                String t = absolute(required(target, "target", value), value);
                return from == null ? new ContextBind(f.getOrDefault("source", "."), t, rw)
                        : new Bind(from, f.getOrDefault("source", "/"), t, rw);
            }
            default -> throw new PierException("--mount=" + value + ": mount type " + type + " is not supported (secret, cache, bind)");
        }
    }

    /** The mounts of a RUN's {@code --mount} values. */
    static List<RunMount> parseAll(List<String> values) {
        return values.stream().map(RunMount::parse).toList();
    }

    private static String required(String v, String key, String value) {
        if (v == null || v.isEmpty()) {
            throw new PierException("--mount=" + value + ": " + key + "= is missing");
        }
        return v;
    }

    private static String absolute(String target, String value) {
        String t = target.startsWith("/") ? target : "/" + target;
        for (String c : t.split("/")) {
            if (c.equals("..")) {
                throw new PierException("--mount=" + value + ": the target must not contain ..");
            }
        }
        return t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }
}
