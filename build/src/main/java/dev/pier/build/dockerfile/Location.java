package dev.pier.build.dockerfile;

import java.util.List;

/**
 * Where an instruction is in its Dockerfile.
 *
 * @param file the Dockerfile's name as given to the parser, for messages ({@code Dockerfile})
 * @param line the first line (1-based) of the instruction
 * @param endLine the last line, heredoc bodies and continuation lines included
 * @param text the instruction's original text, all its lines joined with {@code \n}
 * @param comments the comment lines directly above the instruction (without {@code #}, stripped),
 *     e.g. {@code pier-lint ignore=DL3006}
 */
public record Location(String file, int line, int endLine, String text, List<String> comments) {
    public Location {
        comments = List.copyOf(comments);
    }

    /** {@code Dockerfile:7}, the prefix of messages about this instruction. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
