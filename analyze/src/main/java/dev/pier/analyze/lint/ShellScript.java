package dev.pier.analyze.lint;

import dev.pier.build.dockerfile.CommandForm;
import dev.pier.build.dockerfile.Heredoc;
import dev.pier.build.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a RUN's script into simple commands, well enough for linting: quotes and escapes are
 * honoured, commands end at {@code && || ; | & ( )} and newlines, comments are skipped, and
 * shell keywords ({@code if then do ...}) are dropped. It is not a shell: expansions stay as
 * written.
 */
public final class ShellScript {
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while",
            "until", "!", "{", "}", "case", "esac");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh");

    private ShellScript() {}

    /** The commands of {@code run}: its shell form or {@code sh -c} script, and its heredoc bodies. */
    public static List<ShellCommand> commands(Instruction.Run run) {
        List<ShellCommand> out = new ArrayList<>();
        switch (run.command()) {
            case CommandForm.Shell s -> out.addAll(parse(s.command()));
            case CommandForm.Exec e -> {
                List<String> args = e.args();
                int c = args.indexOf("-c");
                ShellCommand direct = new ShellCommand(args);
                if (c > 0 && c + 1 < args.size() && SHELLS.contains(direct.name())) {
                    out.addAll(parse(args.get(c + 1)));
                } else if (!args.isEmpty()) {
                    out.add(direct);
                }
            }
        }
        for (Heredoc h : run.heredocs()) {
            out.addAll(parse(h.content()));
        }
        return out;
    }

    /** The commands of a script. */
    public static List<ShellCommand> parse(String script) {
        List<ShellCommand> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < n) {
                char next = script.charAt(++i);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '#' && !inWord) {
                while (i + 1 < n && script.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c) || "&|;()".indexOf(c) >= 0) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c == '\n' || "&|;()".indexOf(c) >= 0) {
                    end(words, out);
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        end(words, out);
        return out;
    }

    private static void end(List<String> words, List<ShellCommand> out) {
        int i = 0;
        while (i < words.size() && (KEYWORDS.contains(words.get(i)) || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            i++;
        }
        if (i < words.size()) {
            out.add(new ShellCommand(words.subList(i, words.size())));
        }
        words.clear();
    }
}
