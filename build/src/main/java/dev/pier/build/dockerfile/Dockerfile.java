package dev.pier.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Dockerfile: parser directives, every instruction in order (the ARGs before the first
 * FROM included) and every comment. Parse with {@link DockerfileParser#parse(String, String)}.
 *
 * @param file the name used in messages
 * @param escape the escape character ({@code \} or, with {@code # escape=`}, a backtick)
 * @param directives parser directives by lower-case name ({@code syntax}, {@code escape}, {@code check})
 * @param instructions all instructions in file order
 * @param comments all comment lines (directives excluded)
 */
public record Dockerfile(String file, char escape, Map<String, String> directives, List<Instruction> instructions,
                         List<Comment> comments) {
    public Dockerfile {
        directives = Map.copyOf(directives);
        instructions = List.copyOf(instructions);
        comments = List.copyOf(comments);
    }

    /** The ARG instructions before the first FROM (the global scope). */
    public List<Instruction.Arg> globalArgs() {
        List<Instruction.Arg> out = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i instanceof Instruction.From) {
                break;
            }
            if (i instanceof Instruction.Arg a) {
                out.add(a);
            }
        }
        return out;
    }

    /** The stages, one per FROM, each with the instructions up to the next FROM. */
    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> body = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i instanceof Instruction.From f) {
                if (from != null) {
                    out.add(new Stage(out.size(), from, body));
                }
                from = f;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(i);
            }
        }
        if (from != null) {
            out.add(new Stage(out.size(), from, body));
        }
        return out;
    }

    /** The stage named {@code nameOrIndex} (case-insensitive name, or its index). */
    public Optional<Stage> stage(String nameOrIndex) {
        List<Stage> all = stages();
        for (Stage s : all) {
            if (s.name().map(n -> n.equalsIgnoreCase(nameOrIndex)).orElse(false)) {
                return Optional.of(s);
            }
        }
        if (nameOrIndex.matches("\\d{1,6}") && Integer.parseInt(nameOrIndex) < all.size()) {
            return Optional.of(all.get(Integer.parseInt(nameOrIndex)));
        }
        return Optional.empty();
    }

    /** One build stage: its FROM and the instructions after it. */
    public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
        public Stage {
            instructions = List.copyOf(instructions);
        }

        /** The {@code AS} name, lower-cased as Docker does. */
        public Optional<String> name() {
            return Optional.ofNullable(from.stageName()).map(n -> n.toLowerCase(java.util.Locale.ROOT));
        }

        /** The name, or the index when the stage has none: what BuildKit shows in progress. */
        public String displayName() {
            return name().orElse("stage-" + index);
        }
    }
}
