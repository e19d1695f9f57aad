package dev.pier.analyze.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads strace's rendering of arguments: splits an argument list at its top-level commas (commas
 * inside strings, brackets, braces and {@code -y}'s {@code <path>} annotations do not count) and
 * decodes strace's C-style quoted strings back to their text.
 */
public final class StraceArgs {
    private static final Pattern PORT = Pattern.compile("sin6?_port=htons\\((\\d+)\\)");

    private StraceArgs() {}

    /**
     * Splits {@code text}, which starts just after a call's opening parenthesis, into its arguments.
     * Returns the arguments and the index of the closing parenthesis (or -1 when there is none).
     */
    static Split split(String text) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '<' && i > 0 && isFdEnd(text.charAt(i - 1))) {
                int close = text.indexOf('>', i);
                i = close < 0 ? text.length() - 1 : close;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ')') {
                if (depth == 0) {
                    add(args, text.substring(start, i));
                    return new Split(args, i);
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                add(args, text.substring(start, i));
                start = i + 1;
            }
        }
        add(args, text.substring(start));
        return new Split(args, -1);
    }

    /** Arguments and where the list ended. */
    record Split(List<String> args, int close) {}

    private static void add(List<String> args, String arg) {
        String a = arg.strip();
        if (!a.isEmpty() || !args.isEmpty()) {
            args.add(a);
        }
    }

    /** A {@code <} starts a {@code -y} annotation only right after a descriptor (a digit, or AT_FDCWD). */
    private static boolean isFdEnd(char c) {
        return Character.isDigit(c) || c == 'D';
    }

    private static int endOfString(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return text.length() - 1;
    }

    /** The text of a quoted argument ({@code "/etc/passwd"}), decoding strace's escapes; empty if it is not a string. */
    public static Optional<String> decodeString(String arg) {
        if (arg.length() < 2 || arg.charAt(0) != '"') {
            return Optional.empty();
        }
        int end = endOfString(arg, 0);
        if (arg.charAt(end) != '"' || end == 0) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < end; i++) {
            char c = arg.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                out.write(c);   // the trace is read as ISO-8859-1: one char per byte
                continue;
            }
            char e = arg.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'v' -> out.write(0x0b);
                case 'f' -> out.write('\f');
                case 'x' -> {
                    int stop = Math.min(i + 3, end);
                    out.write(Integer.parseInt(arg.substring(i + 1, stop), 16));
                    i = stop - 1;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int stop = i;
                        while (stop < end && stop < i + 3 && arg.charAt(stop) >= '0' && arg.charAt(stop) <= '7') {
                            stop++;
                        }
                        out.write(Integer.parseInt(arg.substring(i, stop), 8));
                        i = stop - 1;
                    } else {
                        out.write(e);
                    }
                }
            }
        }
        return Optional.of(out.toString(StandardCharsets.UTF_8));
    }

    /** The port of an inet or inet6 socket address as strace prints it ({@code sin_port=htons(80)}), or 0. */
    public static int port(String sockaddr) {
        Matcher m = PORT.matcher(sockaddr);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The path of a {@code -y}-annotated descriptor ({@code 3</usr/lib>}, {@code AT_FDCWD</>}). */
    static Optional<String> fdPath(String arg) {
        int open = arg.indexOf('<');
        if (open <= 0 || !arg.endsWith(">") || !isFdEnd(arg.charAt(open - 1))) {
            return Optional.empty();
        }
        String latin1 = arg.substring(open + 1, arg.length() - 1);
        return Optional.of(new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
