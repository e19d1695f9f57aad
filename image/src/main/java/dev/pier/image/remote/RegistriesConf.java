package dev.pier.image.remote;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of containers-registries.conf(5) (version 2) Pier uses. A tiny strict TOML reader of this
 * subset: comments, {@code key = value} with a basic or literal string, a boolean, or a one-line
 * array of strings; tables {@code [[registry]]}, {@code [[registry.mirror]]}, and others (such as
 * {@code [aliases]}) whose keys are read and ignored. Anything else is an error naming the line.
 * A registry entry matches by host name (with port), not by repository prefix.
 *
 * @param unqualifiedSearch {@code unqualified-search-registries}
 * @param registries the {@code [[registry]]} entries
 */
public record RegistriesConf(List<String> unqualifiedSearch, List<Entry> registries) {

    /** A {@code [[registry]]} entry: {@code prefix}, {@code location}, {@code insecure}, {@code blocked}, mirrors. */
    public record Entry(String prefix, String location, boolean insecure, boolean blocked, List<Mirror> mirrors) {}

    /** A {@code [[registry.mirror]]} entry. */
    public record Mirror(String location, boolean insecure) {}

    public static final RegistriesConf EMPTY = new RegistriesConf(List.of(), List.of());

    /** The file named by the options, else {@code $CONTAINERS_REGISTRIES_CONF}, else the system one if present. */
    public static RegistriesConf load(RegistryOptions options) {
        Optional<Path> file = options.registriesConf().or(() -> Optional.ofNullable(System.getenv("CONTAINERS_REGISTRIES_CONF")).map(Path::of));
        Path p = file.orElse(Path.of("/etc/containers/registries.conf"));
        if (!Files.isRegularFile(p)) {
            return EMPTY;
        }
        try {
            return parse(Files.readString(p), p.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry for a registry host, if any. */
    public Optional<Entry> entry(String registry) {
        return registries.stream().filter(e -> registry.equals(e.prefix() != null ? e.prefix() : e.location())).findFirst();
    }

    /** The host[:port] to contact for a registry: the entry's location, Docker Hub's API host, or the name itself. */
    public String endpoint(String registry) {
        Optional<Entry> e = entry(registry);
        if (e.isPresent() && e.get().blocked()) {
            throw new PierException(registry + ": blocked by registries.conf");
        }
        String location = e.map(Entry::location).filter(l -> l != null && !l.isEmpty()).orElse(registry);
        int slash = location.indexOf('/');
        String hostPart = slash < 0 ? location : location.substring(0, slash);
        return hostPart.equals("docker.io") ? "registry-1.docker.io" : hostPart;
    }

    /** Where to pull a repository from: a host, a repository path there, and whether it is insecure. */
    public record PullEndpoint(String host, String path, boolean insecure, boolean mirror) {}

    /**
     * The places to pull {@code domain/path} from, in order: the mirrors of the registry entry
     * whose prefix matches longest (containers-registries.conf(5)), then the entry's location, or
     * the reference's own registry when no entry matches. Blocked registries fail here.
     */
    public List<PullEndpoint> pullEndpoints(String domain, String path) {
        String repository = domain + "/" + path;
        Optional<Entry> match = registries.stream()
                .filter(e -> prefixOf(e) != null && (repository.equals(prefixOf(e)) || repository.startsWith(prefixOf(e) + "/")
                        || domain.equals(prefixOf(e))))
                .max(java.util.Comparator.comparingInt(e -> prefixOf(e).length()));
        if (match.isEmpty()) {
            return List.of(new PullEndpoint(domain, path, false, false));
        }
        Entry e = match.get();
        if (e.blocked()) {
            throw new PierException(domain + ": blocked by registries.conf");
        }
        String rest = repository.length() > prefixOf(e).length() ? repository.substring(prefixOf(e).length() + 1) : "";
        List<PullEndpoint> out = new ArrayList<>();
        for (Mirror m : e.mirrors()) {
            out.add(pullEndpoint(m.location(), rest, m.insecure(), true));
        }
        String location = e.location() != null && !e.location().isEmpty() ? e.location() : prefixOf(e);
        out.add(pullEndpoint(location, rest, e.insecure(), false));
        return out;
    }

    private static String prefixOf(Entry e) {
        return e.prefix() != null && !e.prefix().isEmpty() ? e.prefix() : e.location();
    }

    private static PullEndpoint pullEndpoint(String location, String rest, boolean insecure, boolean mirror) {
        int slash = location.indexOf('/');
        String host = slash < 0 ? location : location.substring(0, slash);
        String base = slash < 0 ? "" : location.substring(slash + 1);
        String path = base.isEmpty() ? rest : rest.isEmpty() ? base : base + "/" + rest;
        return new PullEndpoint(host, path, insecure, mirror);
    }

    public boolean insecure(String registry) {
        return entry(registry).map(Entry::insecure).orElse(false);
    }

    /** Parses the text; {@code where} names it in errors. */
    public static RegistriesConf parse(String text, String where) {
        List<String> search = new ArrayList<>();
        List<Map<String, Object>> registries = new ArrayList<>();
        List<List<Map<String, Object>>> mirrors = new ArrayList<>();
        Map<String, Object> current = new LinkedHashMap<>();
        Map<String, Object> top = current;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = stripComment(lines[n]).strip();
            String at = where + ":" + (n + 1);
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("[[registry]]")) {
                current = new LinkedHashMap<>();
                registries.add(current);
                mirrors.add(new ArrayList<>());
            } else if (line.equals("[[registry.mirror]]")) {
                if (registries.isEmpty()) {
                    throw new PierException(at + ": [[registry.mirror]] before any [[registry]]");
                }
                current = new LinkedHashMap<>();
                mirrors.getLast().add(current);
            } else if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new PierException(at + ": malformed table header");
                }
                current = new LinkedHashMap<>(); // a table Pier does not use: its keys are read and ignored
            } else {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new PierException(at + ": expected key = value");
                }
                current.put(unquote(line.substring(0, eq).strip(), at), value(line.substring(eq + 1).strip(), at));
            }
        }
        if (top.get("unqualified-search-registries") instanceof List<?> l) {
            l.forEach(o -> search.add((String) o));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < registries.size(); i++) {
            Map<String, Object> r = registries.get(i);
            List<Mirror> ms = mirrors.get(i).stream().map(m -> new Mirror(str(m, "location"), bool(m, "insecure"))).toList();
            entries.add(new Entry(str(r, "prefix"), str(r, "location"), bool(r, "insecure"), bool(r, "blocked"), ms));
        }
        return new RegistriesConf(List.copyOf(search), List.copyOf(entries));
    }

    private static String str(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    private static boolean bool(Map<String, Object> m, String key) {
        return m.get(key) instanceof Boolean b && b;
    }

    private static Object value(String v, String at) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.startsWith("[")) {
            if (!v.endsWith("]")) {
                throw new PierException(at + ": arrays must be on one line");
            }
            List<String> items = new ArrayList<>();
            String inner = v.substring(1, v.length() - 1).strip();
            for (String item : splitItems(inner, at)) {
                items.add(unquote(item.strip(), at));
            }
            return items;
        }
        if (v.startsWith("\"") || v.startsWith("'")) {
            return unquote(v, at);
        }
        throw new PierException(at + ": unsupported value " + v + " (strings, booleans and arrays of strings only)");
    }

    private static List<String> splitItems(String inner, String at) {
        List<String> items = new ArrayList<>();
        int start = 0;
        char quote = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                items.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        String last = inner.substring(start).strip();
        if (!last.isEmpty()) {
            items.add(last);
        }
        return items;
    }

    private static String unquote(String s, String at) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (s.matches("[A-Za-z0-9_-]+")) {
            return s; // a bare key
        }
        throw new PierException(at + ": expected a quoted string, got " + s);
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
