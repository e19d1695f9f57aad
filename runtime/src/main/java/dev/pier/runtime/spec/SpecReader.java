package dev.pier.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a runtime-spec {@code config.json} into a {@link Spec}, field by field from Jackson's
 * tree. Every pier-runc command reads the spec once: Jackson's data binding would first
 * introspect the two dozen record classes, which costs more than the rest of a {@code run}'s
 * preparation (about 90 ms of CPU on these machines), while the tree costs a few milliseconds.
 * Unknown fields are ignored, as the binding does; a field of the wrong JSON type is an error
 * naming the field.
 */
public final class SpecReader {
    /**
     * The last document read and its spec: {@code pier run} reads the same config.json five times
     * (the bundle's, then the runtime's copy at create, start and delete), and a spec is immutable.
     */
    private static volatile Parsed last;

    private record Parsed(byte[] bytes, Spec spec) {}

    private final String what;

    private SpecReader(String what) {
        this.what = what;
    }

    /** Parses {@code bytes}; {@code what} names the document in error messages. */
    public static Spec read(byte[] bytes, String what) {
        Parsed previous = last;
        if (previous != null && java.util.Arrays.equals(previous.bytes(), bytes)) {
            return previous.spec();
        }
        JsonNode root = Json.tree(bytes, what);
        SpecReader r = new SpecReader(what);
        r.require(root.isObject(), "", "an object");
        Spec spec = r.spec(root);
        last = new Parsed(bytes.clone(), spec);
        return spec;
    }

    private Spec spec(JsonNode n) {
        return new Spec(str(n, "ociVersion"), obj(n, "process", this::process), obj(n, "root", this::root),
                str(n, "hostname"), str(n, "domainname"), list(n, "mounts", this::mount), obj(n, "hooks", this::hooks),
                strings(n, "annotations"), obj(n, "linux", this::linux));
    }

    private Process process(JsonNode n) {
        return new Process(bool(n, "terminal"), obj(n, "consoleSize", b -> new Box(integer(b, "height", 0), integer(b, "width", 0))),
                obj(n, "user", this::user), texts(n, "args"), texts(n, "env"), str(n, "cwd"),
                obj(n, "capabilities", c -> new LinuxCapabilities(texts(c, "bounding"), texts(c, "effective"),
                        texts(c, "inheritable"), texts(c, "permitted"), texts(c, "ambient"))),
                list(n, "rlimits", r -> new Rlimit(str(r, "type"), big(r, "hard"), big(r, "soft"))),
                bool(n, "noNewPrivileges"), str(n, "apparmorProfile"), integer(n, "oomScoreAdj"), str(n, "selinuxLabel"));
    }

    private User user(JsonNode n) {
        return new User(number(n, "uid", 0), number(n, "gid", 0), integer(n, "umask"), list(n, "additionalGids", g -> number(g)));
    }

    private Root root(JsonNode n) {
        return new Root(str(n, "path"), bool(n, "readonly"));
    }

    private Mount mount(JsonNode n) {
        return new Mount(str(n, "destination"), str(n, "type"), str(n, "source"), texts(n, "options"));
    }

    private Hooks hooks(JsonNode n) {
        Function<JsonNode, Hook> hook = h -> new Hook(str(h, "path"), texts(h, "args"), texts(h, "env"), integer(h, "timeout"));
        return new Hooks(list(n, "prestart", hook), list(n, "createRuntime", hook), list(n, "createContainer", hook),
                list(n, "startContainer", hook), list(n, "poststart", hook), list(n, "poststop", hook));
    }

    private Linux linux(JsonNode n) {
        Function<JsonNode, LinuxIdMapping> mapping = m -> new LinuxIdMapping(number(m, "containerID", 0), number(m, "hostID", 0),
                number(m, "size", 0));
        return new Linux(list(n, "uidMappings", mapping), list(n, "gidMappings", mapping), strings(n, "sysctl"),
                obj(n, "resources", this::resources), str(n, "cgroupsPath"),
                list(n, "namespaces", ns -> new LinuxNamespace(str(ns, "type"), str(ns, "path"))),
                list(n, "devices", d -> new LinuxDevice(str(d, "type"), str(d, "path"), longOrNull(d, "major"), longOrNull(d, "minor"),
                        integer(d, "fileMode"), longOrNull(d, "uid"), longOrNull(d, "gid"))),
                obj(n, "seccomp", this::seccomp), str(n, "rootfsPropagation"), texts(n, "maskedPaths"), texts(n, "readonlyPaths"),
                str(n, "mountLabel"));
    }

    private LinuxResources resources(JsonNode n) {
        return new LinuxResources(
                obj(n, "memory", m -> new LinuxMemory(longOrNull(m, "limit"), longOrNull(m, "reservation"), longOrNull(m, "swap"),
                        longOrNull(m, "swappiness"), bool(m, "disableOOMKiller"))),
                obj(n, "cpu", c -> new LinuxCPU(longOrNull(c, "shares"), longOrNull(c, "quota"), longOrNull(c, "period"),
                        str(c, "cpus"), str(c, "mems"))),
                obj(n, "pids", p -> new LinuxPids(number(p, "limit", 0))),
                obj(n, "blockIO", b -> new LinuxBlockIO(integer(b, "weight"))),
                list(n, "devices", d -> new LinuxDeviceCgroup(Boolean.TRUE.equals(bool(d, "allow")), str(d, "type"), longOrNull(d, "major"),
                        longOrNull(d, "minor"), str(d, "access"))));
    }

    private LinuxSeccomp seccomp(JsonNode n) {
        return new LinuxSeccomp(str(n, "defaultAction"), integer(n, "defaultErrnoRet"), texts(n, "architectures"), texts(n, "flags"),
                list(n, "syscalls", s -> new LinuxSyscall(texts(s, "names"), str(s, "action"), integer(s, "errnoRet"),
                        list(s, "args", a -> new LinuxSeccompArg(integer(a, "index", 0), big(a, "value"), big(a, "valueTwo"), str(a, "op"))))));
    }

    private <T> T obj(JsonNode n, String field, Function<JsonNode, T> read) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isObject(), field, "an object");
        return read.apply(v);
    }

    private <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> read) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isArray(), field, "an array");
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            require(!e.isNull(), field, "an array without nulls");
            out.add(read.apply(e));
        }
        return out;
    }

    private List<String> texts(JsonNode n, String field) {
        return list(n, field, e -> {
            require(e.isTextual(), field, "an array of strings");
            return e.asText();
        });
    }

    private Map<String, String> strings(JsonNode n, String field) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isObject(), field, "an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : v.properties()) {
            require(e.getValue().isTextual(), field + "." + e.getKey(), "a string");
            out.put(e.getKey(), e.getValue().asText());
        }
        return java.util.Collections.unmodifiableMap(out);   // a spec is shared by the readers of the same bytes
    }

    private String str(JsonNode n, String field) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isTextual(), field, "a string");
        return v.asText();
    }

    private Boolean bool(JsonNode n, String field) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isBoolean(), field, "true or false");
        return v.asBoolean();
    }

    private Integer integer(JsonNode n, String field) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isIntegralNumber() && v.canConvertToInt(), field, "an integer");
        return v.intValue();
    }

    private int integer(JsonNode n, String field, int missing) {
        Integer v = integer(n, field);
        return v == null ? missing : v;
    }

    private Long longOrNull(JsonNode n, String field) {
        JsonNode v = present(n, field);
        return v == null ? null : number(v, field);
    }

    private long number(JsonNode n, String field, long missing) {
        Long v = longOrNull(n, field);
        return v == null ? missing : v;
    }

    private long number(JsonNode v) {
        return number(v, "a list element");
    }

    private long number(JsonNode v, String field) {
        require(v.isIntegralNumber() && v.canConvertToLong(), field, "an integer");
        return v.longValue();
    }

    private BigInteger big(JsonNode n, String field) {
        JsonNode v = present(n, field);
        if (v == null) {
            return null;
        }
        require(v.isIntegralNumber(), field, "an integer");
        return v.bigIntegerValue();
    }

    /** The field's value, or null when it is absent or JSON null (which the binding also reads as absent). */
    private static JsonNode present(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private void require(boolean ok, String field, String expected) {
        if (!ok) {
            throw new PierException(what + ": malformed JSON: " + (field.isEmpty() ? "the document" : field) + " must be " + expected);
        }
    }
}
