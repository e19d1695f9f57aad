package dev.pier.build.dockerfile;

import java.util.function.Function;

/**
 * Variable substitution as Docker does it in FROM, ADD, COPY, ENV, EXPOSE, LABEL, STOPSIGNAL,
 * USER, VOLUME, WORKDIR and ARG: {@code $a}, {@code ${a}}, {@code ${a:-b}}, {@code ${a-b}},
 * {@code ${a:+b}}, {@code ${a+b}}, {@code ${a:?msg}}, {@code ${a?msg}}; quotes are removed (no
 * expansion between single quotes); the escape character makes the next character literal
 * ({@code \$a} stays {@code $a}). Unset variables expand to the empty string.
 */
public final class ShellLex {
    private final char escape;
    private final Function<String, String> lookup;
    private String text;
    private int pos;

    /** @param lookup a variable's value, or null when it is not set */
    public ShellLex(char escape, Function<String, String> lookup) {
        this.escape = escape;
        this.lookup = lookup;
    }

    /** The word with variables expanded and quotes removed. */
    public String expand(String word) {
        this.text = word;
        this.pos = 0;
        return process((char) 0);
    }

    /**
     * Expands variables in a heredoc body, as the shell does for an unquoted delimiter: quotes
     * are kept, {@code \$} gives a literal {@code $}.
     */
    public String expandHeredoc(String body) {
        this.text = body;
        this.pos = 0;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '$') {
                out.append('$');
                pos += 2;
            } else if (c == '$') {
                out.append(dollar());
            } else {
                out.append(c);
                pos++;
            }
        }
        return out.toString();
    }

    private String process(char stop) {
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (stop != 0 && c == stop) {
                pos++;
                return out.toString();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
                }
                out.append(text, pos + 1, end);
                pos = end + 1;
            } else if (c == '"') {
                pos++;
                doubleQuoted(out);
            } else if (c == '$') {
                out.append(dollar());
            } else if (c == escape) {
                if (pos + 1 < text.length()) {
                    out.append(text.charAt(pos + 1));
                    pos += 2;
                } else {
                    out.append(c);
                    pos++;
                }
            } else {
                out.append(c);
                pos++;
            }
        }
        if (stop != 0) {
            throw new IllegalArgumentException("missing '" + stop + "' in \"" + text + "\"");
        }
        return out.toString();
    }

    private void doubleQuoted(StringBuilder out) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == escape && pos + 1 < text.length()
                    && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '$' || text.charAt(pos + 1) == escape)) {
                out.append(text.charAt(pos + 1));
                pos += 2;
            } else if (c == '$') {
                out.append(dollar());
            } else {
                out.append(c);
                pos++;
            }
        }
        throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
    }

    /** At a {@code $}: the expansion, or a literal {@code $} when no name follows. */
    private String dollar() {
        pos++;
        if (pos >= text.length()) {
            return "$";
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            return braced();
        }
        if (!isNameStart(c)) {
            return "$";
        }
        int start = pos;
        while (pos < text.length() && isNamePart(text.charAt(pos))) {
            pos++;
        }
        return value(text.substring(start, pos), "");
    }

    private String braced() {
        int start = pos;
        while (pos < text.length() && isNamePart(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty() || pos >= text.length()) {
            throw new IllegalArgumentException("bad substitution in \"" + text + "\"");
        }
        char c = text.charAt(pos++);
        if (c == '}') {
            return value(name, "");
        }
        boolean colon = c == ':';
        if (colon) {
            if (pos >= text.length()) {
                throw new IllegalArgumentException("bad substitution in \"" + text + "\"");
            }
            c = text.charAt(pos++);
        }
        if (c != '-' && c != '+' && c != '?') {
            throw new IllegalArgumentException("unsupported modifier (" + (colon ? ":" : "") + c + ") in substitution \"" + text + "\"");
        }
        String word = process('}');
        String v = lookup.apply(name);
        boolean set = v != null && !(colon && v.isEmpty());
        return switch (c) {
            case '-' -> set ? v : word;
            case '+' -> set ? word : "";
            default -> {
                if (!set) {
                    throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                yield v;
            }
        };
    }

    private String value(String name, String fallback) {
        String v = lookup.apply(name);
        return v == null ? fallback : v;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
