package dev.pier.analyze.history;

import dev.pier.image.spec.History;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a Dockerfile from an image's history, as far as the history allows. Docker's classic
 * builder records {@code /bin/sh -c #(nop)  CMD ["sh"]} for metadata steps and {@code /bin/sh -c
 * CMD} for RUN steps (with {@code |N ARG=v ...} before them when build args were set); BuildKit
 * records {@code RUN /bin/sh -c CMD # buildkit}, {@code COPY src /dst # buildkit} and the plain
 * instruction for metadata steps. Sources of COPY and ADD are not recorded (only a content hash),
 * so they come out as {@code ...}; the base image is not recorded either, so the result starts
 * {@code FROM scratch} with a comment, and the base image's own steps follow it.
 */
public final class DockerfileReconstructor {
    private static final String NOP = "#(nop)";
    private static final Pattern SHELL = Pattern.compile("^(?:\\|\\d+(?: \\S+=\\S*)* )?/bin/(?:ba)?sh -c (.*)$", Pattern.DOTALL);
    private static final Pattern COPY = Pattern.compile("^(COPY|ADD) (?:--\\S+ )*(?:file|dir|multi):\\S+ in (.+?)\\s*$");
    private static final Pattern GO_LIST = Pattern.compile("^(CMD|ENTRYPOINT|SHELL) \\[(\"(?:[^\"\\\\]|\\\\.)*\"(?: \"(?:[^\"\\\\]|\\\\.)*\")*)]$");
    private static final Pattern EXPOSE_MAP = Pattern.compile("^EXPOSE map\\[(.*)]$");
    private static final Pattern INSTRUCTION = Pattern.compile(
            "^(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\\b.*",
            Pattern.DOTALL);

    private DockerfileReconstructor() {}

    /** The Dockerfile for {@code history} (oldest step first, as in the image config). */
    public static String reconstruct(List<History> history) {
        StringBuilder out = new StringBuilder();
        out.append("# The base image is not recorded in the history: its own steps follow FROM scratch.\n");
        out.append("FROM scratch\n");
        for (History h : history) {
            out.append(instruction(h.createdBy())).append('\n');
        }
        return out.toString();
    }

    /** The Dockerfile line for one {@code created_by}; a comment when it is not a Dockerfile step. */
    public static String instruction(String createdBy) {
        if (createdBy == null || createdBy.isBlank()) {
            return "# (a step with no recorded command)";
        }
        String s = createdBy.strip();
        if (s.endsWith("# buildkit")) {
            s = s.substring(0, s.length() - "# buildkit".length()).strip();
            if (s.startsWith("RUN ")) {
                Matcher sh = SHELL.matcher(s.substring(4));
                return sh.matches() ? "RUN " + sh.group(1).strip() : s;
            }
            return normalize(s);
        }
        Matcher sh = SHELL.matcher(s);
        if (sh.matches()) {
            String body = sh.group(1).strip();
            if (body.startsWith(NOP)) {
                return normalize(body.substring(NOP.length()).strip());
            }
            return "RUN " + body;
        }
        if (INSTRUCTION.matcher(s).matches()) {
            return normalize(s);
        }
        return "# " + s.replace("\n", "\n# ");
    }

    private static String normalize(String instruction) {
        Matcher copy = COPY.matcher(instruction);
        if (copy.matches()) {
            return copy.group(1) + " ... " + copy.group(2);
        }
        Matcher list = GO_LIST.matcher(instruction);
        if (list.matches()) {
            // Go's %q of a []string: ["a" "b"] -> the JSON form ["a", "b"]
            return list.group(1) + " [" + list.group(2).replaceAll("\" \"", "\", \"") + "]";
        }
        Matcher expose = EXPOSE_MAP.matcher(instruction);
        if (expose.matches()) {
            return "EXPOSE " + expose.group(1).replace(":{}", "").trim();
        }
        return instruction;
    }
}
