package dev.pier.build.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Dockerfiles as BuildKit's frontend does: parser directives ({@code # syntax},
 * {@code # escape}, {@code # check}) at the top, comments, line continuations with the escape
 * character (blank and comment lines inside a continuation are dropped), case-insensitive
 * instructions, and here-documents for RUN, COPY and ADD. The one parser of Pier: the builder and
 * the linter both use it.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*([\"']?)([A-Za-z0-9_.\\-]+)\\2");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

    private DockerfileParser() {}

    /** Reads and parses {@code path}; messages name it by its file name. */
    public static Dockerfile parse(Path path) throws IOException {
        return parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Parses {@code content}; {@code file} names it in messages ({@code Dockerfile:3: ...}).
     *
     * @throws DockerfileException naming the line and instruction of the first error
     */
    public static Dockerfile parse(String file, String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String[] lines = text.split("\r?\n", -1);
        Map<String, String> directives = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i].strip());
            String name = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
            if (name == null || !DIRECTIVES.contains(name) || directives.containsKey(name)) {
                break;
            }
            directives.put(name, m.group(2));
        }
        char escape = escapeOf(file, directives.get("escape"));
        List<Instruction> instructions = new ArrayList<>();
        List<Comment> comments = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        while (i < lines.length) {
            String stripped = lines[i].strip();
            if (stripped.isEmpty()) {
                pending.clear();
                i++;
                continue;
            }
            if (stripped.startsWith("#")) {
                String c = stripped.substring(1).strip();
                comments.add(new Comment(i + 1, c));
                pending.add(c);
                i++;
                continue;
            }
            int start = i;
            StringBuilder logical = new StringBuilder();
            while (true) {
                String line = lines[i];
                String trimmed = stripTrailing(line);
                boolean continues = !trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape
                        && i + 1 < lines.length;
                logical.append(continues ? trimmed.substring(0, trimmed.length() - 1) : line);
                i++;
                if (!continues) {
                    break;
                }
                // Inside a continuation, blank lines and comment lines are dropped.
                while (i < lines.length && (lines[i].isBlank() || lines[i].strip().startsWith("#"))) {
                    i++;
                }
                if (i >= lines.length) {
                    break;
                }
            }
            String keyword = firstWord(logical.toString()).toUpperCase(Locale.ROOT);
            List<Heredoc> heredocs = new ArrayList<>();
            if (HEREDOC_INSTRUCTIONS.contains(keyword)
                    || (keyword.equals("ONBUILD") && HEREDOC_INSTRUCTIONS.contains(secondWord(logical.toString())))) {
                i = readHeredocs(file, logical.toString(), lines, i, start + 1, keyword, heredocs);
            }
            String original = String.join("\n", java.util.Arrays.asList(lines).subList(start, i));
            Location loc = new Location(file, start + 1, i, original, pending);
            pending.clear();
            instructions.add(InstructionParser.parse(loc, logical.toString().strip(), escape, heredocs));
        }
        return new Dockerfile(file, escape, directives, instructions, comments);
    }

    /**
     * Parses one instruction written alone, e.g. an ONBUILD trigger read from an image config.
     */
    public static Instruction parseInstruction(String file, int line, String text, char escape) {
        Location loc = new Location(file, line, line, text, List.of());
        return InstructionParser.parse(loc, text.strip(), escape, List.of());
    }

    private static int readHeredocs(String file, String logical, String[] lines, int next, int line, String keyword,
                                    List<Heredoc> out) {
        Matcher m = HEREDOC.matcher(logical);
        int i = next;
        while (m.find()) {
            boolean strip = m.group(1).equals("-");
            String name = m.group(3);
            StringBuilder body = new StringBuilder();
            boolean closed = false;
            while (i < lines.length) {
                String l = strip ? lines[i].replaceFirst("^\t+", "") : lines[i];
                i++;
                if (l.equals(name)) {
                    closed = true;
                    break;
                }
                body.append(l).append('\n');
            }
            if (!closed) {
                throw new DockerfileException(file, line, keyword, "unterminated heredoc " + name + " (no line \"" + name + "\" ends it)");
            }
            out.add(new Heredoc(name, body.toString(), m.group(2).isEmpty(), strip));
        }
        return i;
    }

    private static char escapeOf(String file, String value) {
        if (value == null || value.equals("\\")) {
            return '\\';
        }
        if (value.equals("`")) {
            return '`';
        }
        throw new DockerfileException(file, 1, null, "invalid escape directive \"" + value + "\": use \\ or `");
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private static String firstWord(String s) {
        String t = s.strip();
        int sp = 0;
        while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) {
            sp++;
        }
        return t.substring(0, sp);
    }

    private static String secondWord(String s) {
        String t = s.strip();
        String first = firstWord(t);
        return firstWord(t.substring(first.length())).toUpperCase(Locale.ROOT);
    }
}
