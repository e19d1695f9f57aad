package dev.pier.build.context;

import dev.pier.image.PierException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's {@code filepath.Match} syntax ({@code *}, {@code ?}, {@code [a-z]}, {@code [^a]},
 * {@code \} escapes) plus the {@code **} of moby's patternmatcher, translated to a Java regex.
 */
public final class GoPattern {
    private GoPattern() {}

    /** Compiles {@code pattern} (a slash-separated path pattern) to a regex matching whole paths. */
    public static Pattern compile(String pattern, String what) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    re.append(i + 1 >= n ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '\\') {
                if (i + 1 < n) {
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else {
                    re.append("\\\\");
                }
            } else if (c == '[') {
                i = charClass(pattern, i, re, what);
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        re.append('$');
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new PierException(what + ": invalid pattern \"" + pattern + "\"");
        }
    }

    /** Copies {@code [...]} starting at {@code start}; returns the index of its {@code ]}. */
    private static int charClass(String p, int start, StringBuilder re, String what) {
        StringBuilder cls = new StringBuilder("[");
        int i = start + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        boolean empty = true;
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == ']' && !empty) {
                re.append(cls).append(']');
                return i;
            }
            empty = false;
            if (c == '\\' && i + 1 < p.length()) {
                c = p.charAt(++i);
                cls.append('\\').append(c);
            } else if (c == '-') {
                cls.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                cls.append(c);
            } else {
                cls.append('\\').append(c);
            }
        }
        throw new PierException(what + ": invalid pattern \"" + p + "\" (unterminated character class)");
    }

    /** Whether {@code text} holds glob syntax. */
    public static boolean hasMeta(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    /** Go's {@code filepath.Clean} for slash-separated paths. */
    public static String clean(String path) {
        boolean rooted = path.startsWith("/");
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.pollLast();
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(c);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
