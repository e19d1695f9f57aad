package dev.pier.build.dockerfile;

import dev.pier.image.spec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Splitting instruction arguments as BuildKit's parser does, before any expansion. */
final class Words {
    private Words() {}

    /**
     * Splits on whitespace outside quotes; quotes and escapes stay in the words (expansion removes
     * them), so {@code a="b c" d} gives {@code [a="b c", d]}.
     */
    static List<String> split(String text, char escape) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == escape && i + 1 < text.length() && quote != '\'') {
                word.append(c).append(text.charAt(++i));
                inWord = true;
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                word.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                word.append(c);
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    /** Splits on whitespace only (COPY, ADD, EXPOSE, VOLUME in shell form). */
    static List<String> fields(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** The JSON array of strings {@code text} holds, if it is one. */
    static Optional<List<String>> json(String text) {
        String t = text.strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            return Optional.empty();
        }
        try {
            var node = Json.mapper().readTree(t);
            List<String> list = new ArrayList<>();
            for (var element : node) {
                if (!element.isTextual()) {
                    return Optional.empty();
                }
                list.add(element.asText());
            }
            return node.isArray() ? Optional.of(List.copyOf(list)) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** JSON (exec) form when {@code text} is a JSON array of strings, shell form otherwise. */
    static CommandForm command(String text) {
        return json(text).<CommandForm>map(CommandForm.Exec::new).orElseGet(() -> new CommandForm.Shell(text.strip()));
    }
}
