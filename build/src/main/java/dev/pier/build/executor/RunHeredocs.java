package dev.pier.build.executor;

import dev.pier.build.dockerfile.CommandForm;
import dev.pier.build.dockerfile.DockerfileException;
import dev.pier.build.dockerfile.Heredoc;
import dev.pier.build.dockerfile.Instruction;
import dev.pier.image.PierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command a RUN with here-documents runs, as BuildKit defines it:
 * <ul>
 *   <li>{@code RUN <<EOF} alone: the body is the script, run by the stage's shell
 *       ({@code SHELL}, {@code /bin/sh -c} by default), whatever shell that is;</li>
 *   <li>otherwise ({@code RUN python3 <<EOF}, {@code RUN cat <<A >a && cat <<B >b}): the command
 *       line with the bodies and delimiters after it is handed to the shell, which reads the
 *       here-documents itself (and expands them unless the delimiter was quoted).</li>
 * </ul>
 * A script starting with {@code #!} runs under that interpreter: a shell ({@code #!/bin/bash -e})
 * as {@code bash -e -c BODY}; any other ({@code #!/usr/bin/env python3}) as BuildKit does it, from
 * a file {@code /dev/pipes/<name>} (mode 0755, outside the layer) that the command executes, the
 * kernel reading its {@code #!} line.
 */
final class RunHeredocs {
    private static final Pattern ONLY_A_HEREDOC = Pattern.compile("<<-?\\s*([\"']?)[A-Za-z0-9_.\\-]+\\1");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox");

    private RunHeredocs() {}

    /**
     * What a RUN executes.
     *
     * @param argv the command
     * @param scripts here-document scripts it runs from {@code /dev/pipes}, by name
     */
    record Command(List<String> argv, Map<String, String> scripts) {
        Command(List<String> argv) {
            this(argv, Map.of());
        }
    }

    /** The command of {@code run}, given the stage's shell. */
    static Command command(Instruction.Run run, List<String> shell) {
        if (run.heredocs().isEmpty()) {
            return new Command(run.command().argv(shell));
        }
        if (!(run.command() instanceof CommandForm.Shell(String command))) {
            throw DockerfileException.at(run, "here-documents need the shell form of RUN");
        }
        if (run.heredocs().size() == 1 && ONLY_A_HEREDOC.matcher(command.strip()).matches()) {
            return script(run.heredocs().getFirst(), shell);
        }
        StringBuilder full = new StringBuilder(command);
        for (Heredoc h : run.heredocs()) {
            full.append('\n').append(h.content()).append(h.name());
        }
        return new Command(withShell(shell, full.toString()));
    }

    /** The here-documents' text, for the step's cache key: a body that changes reruns the step. */
    static String keyText(Instruction.Run run) {
        StringBuilder text = new StringBuilder();
        for (Heredoc h : run.heredocs()) {
            text.append(h.name()).append('\0').append(h.expand()).append('\0').append(h.content()).append('\0');
        }
        return text.toString();
    }

    private static Command script(Heredoc heredoc, List<String> shell) {
        String body = heredoc.content();
        if (!body.startsWith("#!")) {
            return new Command(withShell(shell, body));
        }
        String[] words = body.substring(2, body.indexOf('\n') < 0 ? body.length() : body.indexOf('\n')).strip().split("\\s+");
        int interpreter = words[0].endsWith("/env") && words.length > 1 ? 1 : 0;   // #!/usr/bin/env bash
        String name = words[interpreter].substring(words[interpreter].lastIndexOf('/') + 1);
        if (!SHELLS.contains(name)) {
            if (heredoc.name().startsWith(".")) {   // the name becomes a file name under /dev/pipes
                throw new PierException("a here-document script needs a name that does not start with a dot: " + heredoc.name());
            }
            return new Command(List.of(RunStep.Request.SCRIPTS + "/" + heredoc.name()), Map.of(heredoc.name(), body));
        }
        // #!/bin/sh -e runs as /bin/sh -e -c BODY: the options stay, the body is the command string
        List<String> argv = new ArrayList<>(List.of(words));
        argv.add("-c");
        argv.add(body);
        return new Command(argv);
    }

    private static List<String> withShell(List<String> shell, String script) {
        List<String> argv = new ArrayList<>(shell);
        argv.add(script);
        return argv;
    }
}
