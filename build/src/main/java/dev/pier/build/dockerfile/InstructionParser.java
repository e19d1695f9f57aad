package dev.pier.build.dockerfile;

import dev.pier.build.dockerfile.Instruction.ArgDecl;
import dev.pier.build.dockerfile.Instruction.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns one logical line into an {@link Instruction}, checking arguments and flags. */
final class InstructionParser {
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "FROM", Set.of("platform"),
            "RUN", Set.of("mount", "network", "security"),
            "COPY", Set.of("from", "chown", "chmod", "link", "parents", "exclude"),
            "ADD", Set.of("chown", "chmod", "link", "checksum", "keep-git-dir", "exclude"),
            "HEALTHCHECK", Set.of("interval", "timeout", "start-period", "start-interval", "retries"));
    private static final java.util.regex.Pattern STAGE_NAME = java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9_.-]*$");

    private final Location loc;
    private final String keyword;
    private final char escape;

    private InstructionParser(Location loc, String keyword, char escape) {
        this.loc = loc;
        this.keyword = keyword;
        this.escape = escape;
    }

    static Instruction parse(Location loc, String line, char escape, List<Heredoc> heredocs) {
        int sp = 0;
        while (sp < line.length() && !Character.isWhitespace(line.charAt(sp))) {
            sp++;
        }
        String keyword = line.substring(0, sp).toUpperCase(Locale.ROOT);
        String rest = line.substring(sp).strip();
        return new InstructionParser(loc, keyword, escape).parse(rest, heredocs);
    }

    private DockerfileException error(String message) {
        return new DockerfileException(loc.file(), loc.line(), keyword, message);
    }

    private Instruction parse(String rest, List<Heredoc> heredocs) {
        List<Flag> flags = new ArrayList<>();
        String args = keyword.equals("ONBUILD") ? rest : takeFlags(rest, flags);
        return switch (keyword) {
            case "FROM" -> from(flags, args);
            case "ARG" -> arg(args);
            case "ENV" -> new Instruction.Env(loc, pairs(args, true));
            case "LABEL" -> new Instruction.Label(loc, pairs(args, false));
            case "MAINTAINER" -> new Instruction.Maintainer(loc, required(args));
            case "RUN" -> new Instruction.Run(loc, flags, Words.command(required(args)), heredocs);
            case "COPY", "ADD" -> transfer(flags, args, heredocs);
            case "CMD" -> new Instruction.Cmd(loc, Words.command(args));
            case "ENTRYPOINT" -> new Instruction.Entrypoint(loc, Words.command(args));
            case "SHELL" -> new Instruction.Shell(loc, Words.json(args).filter(l -> !l.isEmpty())
                    .orElseThrow(() -> error("SHELL requires the arguments to be in JSON form, e.g. [\"/bin/bash\", \"-c\"]")));
            case "WORKDIR" -> new Instruction.Workdir(loc, required(args));
            case "USER" -> new Instruction.User(loc, required(args));
            case "EXPOSE" -> new Instruction.Expose(loc, Words.fields(required(args)));
            case "VOLUME" -> new Instruction.Volume(loc, Words.json(args).orElseGet(() -> Words.fields(required(args))));
            case "STOPSIGNAL" -> {
                if (Words.fields(args).size() != 1) {
                    throw error("STOPSIGNAL requires exactly one argument");
                }
                yield new Instruction.StopSignal(loc, args);
            }
            case "HEALTHCHECK" -> healthcheck(flags, args);
            case "ONBUILD" -> onbuild(args);
            case "" -> throw error("empty instruction");
            default -> throw error("unknown instruction: " + keyword);
        };
    }

    /** Moves leading {@code --name[=value]} words into {@code flags}; returns the rest. */
    private String takeFlags(String rest, List<Flag> flags) {
        String r = rest;
        Set<String> allowed = FLAGS.getOrDefault(keyword, Set.of());
        while (r.startsWith("--")) {
            int sp = 0;
            while (sp < r.length() && !Character.isWhitespace(r.charAt(sp))) {
                sp++;
            }
            String word = r.substring(2, sp);
            r = r.substring(sp).strip();
            if (word.isEmpty()) {
                break;
            }
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (!allowed.contains(name)) {
                throw error("unknown flag: --" + name);
            }
            flags.add(new Flag(name, eq < 0 ? null : word.substring(eq + 1)));
        }
        return r;
    }

    private String required(String args) {
        if (args.isBlank()) {
            throw error(keyword + " requires at least one argument");
        }
        return args;
    }

    private Instruction from(List<Flag> flags, String args) {
        List<String> w = Words.fields(args);
        if (w.size() == 1) {
            return new Instruction.From(loc, flags, w.get(0), null);
        }
        if (w.size() == 3 && w.get(1).equalsIgnoreCase("AS")) {
            if (!STAGE_NAME.matcher(w.get(2)).matches()) {
                throw error("invalid name for build stage: \"" + w.get(2) + "\", name can't start with a number or contain symbols");
            }
            return new Instruction.From(loc, flags, w.get(0), w.get(2));
        }
        throw error("FROM requires either one or three arguments (FROM image [AS name])");
    }

    private Instruction arg(String args) {
        List<ArgDecl> decls = new ArrayList<>();
        for (String word : Words.split(required(args), escape)) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (name.isEmpty()) {
                throw error("ARG names can not be blank");
            }
            decls.add(new ArgDecl(name, eq < 0 ? null : word.substring(eq + 1)));
        }
        return new Instruction.Arg(loc, decls);
    }

    /** {@code k=v k2="v 2"}, or the legacy single pair {@code k v w} (value {@code v w}). */
    private List<KeyValue> pairs(String args, boolean env) {
        List<String> words = Words.split(required(args), escape);
        List<KeyValue> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            String key = words.get(0);
            String value = args.strip().substring(key.length()).strip();
            if (env && value.isEmpty()) {
                throw error("ENV must have two arguments (ENV key=value, or the legacy ENV key value)");
            }
            out.add(new KeyValue(key, value));
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw error("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw error(keyword + " names can not be blank");
            }
            out.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
        }
        return out;
    }

    private Instruction transfer(List<Flag> flags, String args, List<Heredoc> heredocs) {
        List<String> words = Words.json(args).orElseGet(() -> Words.fields(args));
        if (words.size() < 2) {
            throw error(keyword + " requires at least two arguments, but only " + words.size()
                    + " provided. Destination could not be determined");
        }
        List<String> sources = words.subList(0, words.size() - 1);
        String dest = words.get(words.size() - 1);
        if (keyword.equals("COPY")) {
            return new Instruction.Copy(loc, flags, sources, dest, heredocs);
        }
        return new Instruction.Add(loc, flags, sources, dest, heredocs);
    }

    private Instruction healthcheck(List<Flag> flags, String args) {
        List<String> w = Words.fields(args);
        if (w.isEmpty()) {
            throw error("HEALTHCHECK requires an argument: NONE or CMD command");
        }
        String type = w.get(0).toUpperCase(Locale.ROOT);
        if (type.equals("NONE")) {
            if (w.size() > 1 || !flags.isEmpty()) {
                throw error("HEALTHCHECK NONE takes no arguments or flags");
            }
            return new Instruction.Healthcheck(loc, flags, null);
        }
        if (!type.equals("CMD")) {
            throw error("unknown type \"" + w.get(0) + "\" in HEALTHCHECK (try CMD)");
        }
        String cmd = args.strip().substring(3).strip();
        if (cmd.isEmpty()) {
            throw error("HEALTHCHECK CMD requires a command");
        }
        return new Instruction.Healthcheck(loc, flags, Words.command(cmd));
    }

    private Instruction onbuild(String args) {
        String trigger = required(args).strip();
        String first = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        switch (first) {
            case "ONBUILD" -> throw error("chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM", "MAINTAINER" -> throw error(first + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        Instruction parsed = parse(loc, trigger, escape, List.of());
        return new Instruction.Onbuild(loc, parsed, trigger);
    }
}
