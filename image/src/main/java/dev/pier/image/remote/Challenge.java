package dev.pier.image.remote;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme ({@code basic} or {@code bearer},
 * lower-cased) and its parameters, e.g. {@code Bearer realm="https://auth/token",service="reg"}.
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** Parses a header value; empty if it names no scheme. Only the first challenge is kept. */
    public static Optional<Challenge> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        int sp = h.indexOf(' ');
        String scheme = sp < 0 ? h : h.substring(0, sp);
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (name.contains(" ")) {
                break; // a second challenge starts here
            }
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    char c = h.charAt(i++);
                    if (c == '\\' && i < h.length()) {
                        c = h.charAt(i++);
                    }
                    value.append(c);
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            params.put(name, value.toString().trim());
        }
        return Optional.of(new Challenge(scheme, params));
    }
}
